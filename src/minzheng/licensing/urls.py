from django.urls import path

from minzheng.licensing import views

app_name = "licensing"

urlpatterns = [
    path("", views.application_list, name="application_list"),
    path("items/", views.item_list, name="item_list"),
    path("rates/", views.rates, name="rates"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/act/<slug:action>/",
        views.application_act,
        name="application_act",
    ),
]
