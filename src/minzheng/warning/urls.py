from django.urls import path

from minzheng.warning import views

app_name = "warning"

urlpatterns = [
    path("", views.lead_list, name="lead_list"),
    path("leads/<int:pk>/", views.lead_detail, name="lead_detail"),
    path("leads/<int:pk>/visit/", views.lead_visit, name="lead_visit"),
    path(
        "leads/<int:pk>/visits/<int:visit_pk>/photos/",
        views.lead_photo_attach,
        name="lead_photo_attach",
    ),
    path("leads/<int:pk>/photos/<int:photo_pk>", views.lead_photo_file, name="lead_photo_file"),
    path(
        "leads/<int:pk>/photos/<int:photo_pk>/delete/",
        views.lead_photo_delete,
        name="lead_photo_delete",
    ),
    path("leads/<int:pk>/close/", views.lead_close, name="lead_close"),
    path("leads/<int:pk>/apply/", views.lead_apply, name="lead_apply"),
    path("runs/", views.runs, name="runs"),
]
