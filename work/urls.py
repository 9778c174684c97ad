from django.urls import path

from . import views

app_name = "work"

urlpatterns = [
    path("", views.MyWorkView.as_view(), name="my_work"),
    path("follow/<str:kind>/<int:pk>/", views.FollowView.as_view(), name="follow"),
    path("calendar/", views.CalendarTokenView.as_view(), name="calendar_token"),
    path("calendar/<str:token>.ics", views.calendar_view, name="calendar"),
    path("digest/", views.DigestView.as_view(), name="digest"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
