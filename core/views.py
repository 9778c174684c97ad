"""Views every app shares: the home page, sign-in and the health check."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.generic import TemplateView


class HomeView(TemplateView):
    """The start page after sign-in."""

    template_name = "core/home.html"


class LoginView(auth_views.LoginView):
    """Django's sign-in, telling development users which demo accounts exist."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, demo_accounts=settings.DEMO_ACCOUNTS_ENABLED)


@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
