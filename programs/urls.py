from django.urls import path

from . import exports, views

app_name = "programs"

urlpatterns = [
    path("", views.ProgramListView.as_view(), name="program_list"),
    path("export.<str:fmt>", exports.ProgramExportView.as_view(), name="program_export"),
    path("new/", views.ProgramCreateView.as_view(), name="program_create"),
    path("<int:pk>/", views.ProgramDetailView.as_view(), name="program_detail"),
    path("<int:pk>/edit/", views.ProgramUpdateView.as_view(), name="program_update"),
    path(
        "tasks/<int:task_pk>/updates/new/",
        views.TaskUpdateCreateView.as_view(),
        name="taskupdate_create",
    ),
    path("meetings/", views.ReviewMeetingListView.as_view(), name="reviewmeeting_list"),
    path(
        "meetings/export.<str:fmt>",
        exports.ReviewMeetingExportView.as_view(),
        name="reviewmeeting_export",
    ),
    path("meetings/new/", views.ReviewMeetingCreateView.as_view(), name="reviewmeeting_create"),
    path(
        "meetings/<int:pk>/", views.ReviewMeetingDetailView.as_view(), name="reviewmeeting_detail"
    ),
    path(
        "meetings/<int:pk>/edit/",
        views.ReviewMeetingUpdateView.as_view(),
        name="reviewmeeting_update",
    ),
]
