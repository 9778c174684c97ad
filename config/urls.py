"""URL configuration: each app owns its URLs under its namespace."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core.views import LoginView, set_language

handler400 = "core.views.bad_request"
handler500 = "core.views.server_error"

admin.site.site_header = "phoihop"
admin.site.site_title = "phoihop"

urlpatterns = [
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("programs/", include("programs.urls")),
    path("directives/", include("directives.urls")),
    path("agencies/", include("agencies.urls")),
    path("reports/", include("reports.urls")),
    path("attachments/", include("attachments.urls")),
    path("work/", include("work.urls")),
    path("imports/", include("core.imports_urls")),
    path("api/", include("config.api")),
    path("", include("core.urls")),
]
