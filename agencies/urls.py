from django.urls import path

from core.views import history_view

from . import exports, views

app_name = "agencies"

urlpatterns = [
    path("", views.AgencyListView.as_view(), name="agency_list"),
    path("export.<str:fmt>", exports.AgencyExportView.as_view(), name="agency_export"),
    path("<int:pk>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path(
        "<int:pk>/history/",
        history_view(views.AgencyDetailView).as_view(),
        name="agency_history",
    ),
    path("officials/", views.OfficialListView.as_view(), name="official_list"),
    path(
        "officials/export.<str:fmt>", exports.OfficialExportView.as_view(), name="official_export"
    ),
    path("officials/<int:pk>/", views.OfficialDetailView.as_view(), name="official_detail"),
    path(
        "officials/<int:pk>/history/",
        history_view(views.OfficialDetailView).as_view(),
        name="official_history",
    ),
]
