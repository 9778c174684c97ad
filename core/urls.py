from django.urls import path

from . import autocomplete, search, views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("autocomplete/<slug:name>/", autocomplete.autocomplete, name="autocomplete"),
    path("accounts/api-token/", views.APITokenView.as_view(), name="api_token"),
    path("healthz", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
]
