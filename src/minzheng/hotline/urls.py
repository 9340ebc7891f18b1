from django.urls import path

from minzheng.hotline import views

app_name = "hotline"

urlpatterns = [
    path("", views.ticket_list, name="ticket_list"),
    path("intake/", views.intake, name="intake"),
    path("tickets/<int:pk>/", views.ticket_detail, name="ticket_detail"),
    path("tickets/<int:pk>/<slug:action>/", views.ticket_act, name="ticket_act"),
    path("deaths/", views.death_offers, name="death_offers"),
    path("deaths/<int:pk>/", views.death_offer_decide, name="death_offer_decide"),
    path("dashboard/", views.figures, name="dashboard"),
]
