from django.urls import path

from minzheng.screening import views, views_field, views_photos

app_name = "screening"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/populate/", views.campaign_populate_view, name="campaign_populate"),
    path("campaigns/<int:pk>/rounds/", views.round_new, name="round_new"),
    path("campaigns/<int:pk>/act/<slug:action>/", views.campaign_act, name="campaign_act"),
    path("targets/", views_field.targets, name="targets"),
    path("targets/<int:pk>/visit/", views_field.visit_new, name="visit_new"),
    path(
        "targets/<int:pk>/visits/<int:visit_pk>/photos/",
        views_photos.visit_photo_attach,
        name="visit_photo_attach",
    ),
    path(
        "targets/<int:pk>/photos/<int:photo_pk>",
        views_photos.visit_photo_file,
        name="visit_photo_file",
    ),
    path(
        "targets/<int:pk>/photos/<int:photo_pk>/delete/",
        views_photos.visit_photo_delete,
        name="visit_photo_delete",
    ),
    path("targets/<int:pk>/photos/", views_photos.visit_photos, name="visit_photos"),
    path("key-households/", views_field.key_household_list, name="key_household_list"),
    path(
        "key-households/<int:pk>/",
        views_field.key_household_detail,
        name="key_household_detail",
    ),
    path(
        "key-households/<int:pk>/follow-ups/",
        views_field.follow_up_new,
        name="follow_up_new",
    ),
    path(
        "key-households/<int:pk>/close/",
        views_field.key_household_close_view,
        name="key_household_close",
    ),
    path(
        "households/<int:household_id>/key-household/",
        views_field.key_household_new,
        name="key_household_new",
    ),
]
