from django.urls import path

from . import views

app_name = "agencies"

urlpatterns = [
    path("", views.AgencyListView.as_view(), name="agency_list"),
    path("<int:pk>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path("officials/", views.OfficialListView.as_view(), name="official_list"),
    path("officials/<int:pk>/", views.OfficialDetailView.as_view(), name="official_detail"),
]
