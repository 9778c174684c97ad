"""Report URLs: list, job page, its status partial, export, retry and download."""

from django.urls import path

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
]
