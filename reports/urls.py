"""Report URLs: report jobs (list, page, status partial, export, retry, download) and review
reports (list, page, start, edit, mark final, export)."""

from django.urls import path

from core.views import history_view

from . import exports, views

app_name = "reports"

urlpatterns = [
    path("", views.ReportJobListView.as_view(), name="reportjob_list"),
    path("export.<str:fmt>", exports.ReportJobExportView.as_view(), name="reportjob_export"),
    path("<int:pk>/", views.ReportJobDetailView.as_view(), name="reportjob_detail"),
    path("<int:pk>/status/", views.ReportJobStatusView.as_view(), name="reportjob_status"),
    path("<int:pk>/retry/", views.ReportJobRetryView.as_view(), name="reportjob_retry"),
    path("<int:pk>/download/", views.ReportJobDownloadView.as_view(), name="reportjob_download"),
    path(
        "request/<str:subject_type>/<int:pk>/",
        views.ReportRequestView.as_view(),
        name="reportjob_request",
    ),
    path("reviews/", views.ReviewReportListView.as_view(), name="reviewreport_list"),
    path("reviews/<int:pk>/", views.ReviewReportDetailView.as_view(), name="reviewreport_detail"),
    path(
        "reviews/<int:pk>/history/",
        history_view(views.ReviewReportDetailView).as_view(),
        name="reviewreport_history",
    ),
    path(
        "reviews/<int:pk>/edit/",
        views.ReviewReportUpdateView.as_view(),
        name="reviewreport_update",
    ),
    path(
        "reviews/<int:pk>/final/",
        views.ReviewReportFinalizeView.as_view(),
        name="reviewreport_finalize",
    ),
    path(
        "reviews/<int:pk>/export/",
        views.ReviewReportExportView.as_view(),
        name="reviewreport_export",
    ),
    path(
        "reviews/start/<str:subject_type>/<int:pk>/",
        views.ReviewReportStartView.as_view(),
        name="reviewreport_create",
    ),
]
