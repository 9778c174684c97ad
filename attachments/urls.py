from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path("<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("<int:pk>/delete/", views.AttachmentDeleteView.as_view(), name="attachment_delete"),
    path(
        "<str:label>/<int:pk>/add/",
        views.AttachmentCreateView.as_view(),
        name="attachment_create",
    ),
]
