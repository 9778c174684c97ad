"""The REST API's URLs (docs/api.md): one router over the apps' viewsets, the OpenAPI 3
schema at ``/api/schema/`` and its documentation pages (Swagger UI and Redoc, served from the
vendored drf-spectacular-sidecar assets)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from agencies.api import AgencyViewSet, OfficialViewSet
from core.api import unauthenticated_urls
from directives.api import DirectiveViewSet
from programs.api import ProgramViewSet, ReviewMeetingViewSet, TaskUpdateViewSet, TaskViewSet
from reports.api import ReportJobViewSet

router = DefaultRouter()
router.register("programs", ProgramViewSet, basename="program")
router.register("tasks", TaskViewSet, basename="task")
router.register("task-updates", TaskUpdateViewSet, basename="taskupdate")
router.register("meetings", ReviewMeetingViewSet, basename="reviewmeeting")
router.register("directives", DirectiveViewSet, basename="directive")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("officials", OfficialViewSet, basename="official")
router.register("report-jobs", ReportJobViewSet, basename="reportjob")

urlpatterns = unauthenticated_urls(
    [
        path("schema/", SpectacularAPIView.as_view(), name="schema"),
        path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
        path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
        path("", include(router.urls)),
    ]
)
app_name = "api"
