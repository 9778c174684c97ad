"""A URL configuration with the programs' pages under another path (tests/core/test_links.py)."""

from django.urls import include, path

urlpatterns = [path("elsewhere/programs/", include("programs.urls"))]
