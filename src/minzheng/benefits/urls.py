from django.urls import path

from minzheng.benefits import views, views_old_age

app_name = "benefits"

urlpatterns = [
    path("", views.home, name="home"),
    path("disability/new/", views.disability_new, name="disability_new"),
    path("disability/<int:pk>/", views.disability_detail, name="disability_detail"),
    path(
        "disability/<int:pk>/act/<slug:action>/",
        views.disability_act_view,
        name="disability_act",
    ),
    path("old-age/", views_old_age.old_age, name="old_age"),
    path("old-age/propose/", views_old_age.old_age_propose_view, name="old_age_propose"),
    path("old-age/<int:pk>/confirm/", views_old_age.old_age_confirm_view, name="old_age_confirm"),
    path("old-age/<int:pk>/dismiss/", views_old_age.old_age_dismiss_view, name="old_age_dismiss"),
    path("recipients/", views_old_age.recipients, name="recipients"),
    path("recipients/sweep/", views_old_age.life_checks_sweep_view, name="life_checks_sweep"),
    path("recipients/<int:pk>/life-check/", views_old_age.life_check_view, name="life_check"),
    path("recipients/<int:pk>/stop/", views_old_age.stop_view, name="stop"),
]
