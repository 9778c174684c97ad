from django.urls import path

from . import imports_views

app_name = "imports"

urlpatterns = [
    path("", imports_views.ImportView.as_view(), name="import"),
    path(
        "template/<str:kind>.<str:fmt>", imports_views.ImportTemplateView.as_view(), name="template"
    ),
]
