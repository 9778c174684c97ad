"""The site's URLs plus ``/bench/bare/``: a signed-in view that renders nothing and reads
nothing, through the same middleware as every page (the floor every page is compared with)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *site_urlpatterns]
