from django.urls import path

from core.views import ArchiveView, history_view

from . import exports, views
from .models import Directive

app_name = "directives"

urlpatterns = [
    path("", views.DirectiveListView.as_view(), name="directive_list"),
    path("export.<str:fmt>", exports.DirectiveExportView.as_view(), name="directive_export"),
    path("new/", views.DirectiveCreateView.as_view(), name="directive_create"),
    path("<int:pk>/", views.DirectiveDetailView.as_view(), name="directive_detail"),
    path(
        "<int:pk>/history/",
        history_view(views.DirectiveDetailView).as_view(),
        name="directive_history",
    ),
    path("<int:pk>/edit/", views.DirectiveUpdateView.as_view(), name="directive_update"),
    path("<int:pk>/archive/", ArchiveView.as_view(model=Directive), name="directive_archive"),
    path(
        "<int:pk>/restore/",
        ArchiveView.as_view(model=Directive, restore=True),
        name="directive_restore",
    ),
]
