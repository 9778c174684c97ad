from django.urls import path

from core.views import ArchiveView, history_view

from . import exports, views
from .models import Program, ReviewMeeting

app_name = "programs"

urlpatterns = [
    path("", views.ProgramListView.as_view(), name="program_list"),
    path("export.<str:fmt>", exports.ProgramExportView.as_view(), name="program_export"),
    path("new/", views.ProgramCreateView.as_view(), name="program_create"),
    path("<int:pk>/", views.ProgramDetailView.as_view(), name="program_detail"),
    path(
        "<int:pk>/history/",
        history_view(views.ProgramDetailView).as_view(),
        name="program_history",
    ),
    path("<int:pk>/edit/", views.ProgramUpdateView.as_view(), name="program_update"),
    path("<int:pk>/archive/", ArchiveView.as_view(model=Program), name="program_archive"),
    path(
        "<int:pk>/restore/",
        ArchiveView.as_view(model=Program, restore=True),
        name="program_restore",
    ),
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/bulk/", views.TaskBulkView.as_view(), name="task_bulk"),
    path("<int:program_pk>/tasks/new/", views.TaskCreateView.as_view(), name="task_create"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task_detail"),
    path(
        "tasks/<int:pk>/history/",
        history_view(views.TaskDetailView).as_view(),
        name="task_history",
    ),
    path("tasks/<int:pk>/edit/", views.TaskUpdateView.as_view(), name="task_update"),
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
        "meetings/<int:pk>/history/",
        history_view(views.ReviewMeetingDetailView).as_view(),
        name="reviewmeeting_history",
    ),
    path(
        "meetings/<int:pk>/edit/",
        views.ReviewMeetingUpdateView.as_view(),
        name="reviewmeeting_update",
    ),
    path(
        "meetings/<int:pk>/archive/",
        ArchiveView.as_view(model=ReviewMeeting),
        name="reviewmeeting_archive",
    ),
    path(
        "meetings/<int:pk>/restore/",
        ArchiveView.as_view(model=ReviewMeeting, restore=True),
        name="reviewmeeting_restore",
    ),
]
