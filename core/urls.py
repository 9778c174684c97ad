from django.urls import path

from . import search, views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("healthz", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
]
