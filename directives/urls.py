from django.urls import path

from . import views

app_name = "directives"

urlpatterns = [
    path("", views.DirectiveListView.as_view(), name="directive_list"),
    path("new/", views.DirectiveCreateView.as_view(), name="directive_create"),
    path("<int:pk>/", views.DirectiveDetailView.as_view(), name="directive_detail"),
    path("<int:pk>/edit/", views.DirectiveUpdateView.as_view(), name="directive_update"),
]
