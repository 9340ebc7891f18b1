"""Staff pages of the portal (log-in): published texts, the notifications' delivery log."""

from django.urls import path

from minzheng.portal import views_staff

app_name = "portal_staff"

urlpatterns = [
    path("content/", views_staff.content_list, name="content_list"),
    path("content/<str:key>/", views_staff.content_edit, name="content_edit"),
    path("notifications/", views_staff.notification_list, name="notification_list"),
    path("persons/<int:person_id>/opt-out/", views_staff.opt_out, name="opt_out"),
]
