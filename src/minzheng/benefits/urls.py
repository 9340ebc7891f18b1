from django.urls import path

from minzheng.benefits import views, views_care, views_certificates, views_old_age

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
    path(
        "people/<int:pk>/certificate/",
        views_certificates.certificate_renew_view,
        name="certificate_renew",
    ),
    path("old-age/", views_old_age.old_age, name="old_age"),
    path("old-age/propose/", views_old_age.old_age_propose_view, name="old_age_propose"),
    path("old-age/<int:pk>/confirm/", views_old_age.old_age_confirm_view, name="old_age_confirm"),
    path("old-age/<int:pk>/dismiss/", views_old_age.old_age_dismiss_view, name="old_age_dismiss"),
    path("recipients/", views_old_age.recipients, name="recipients"),
    path("recipients/sweep/", views_old_age.life_checks_sweep_view, name="life_checks_sweep"),
    path("recipients/<int:pk>/life-check/", views_old_age.life_check_view, name="life_check"),
    path("recipients/<int:pk>/stop/", views_old_age.stop_view, name="stop"),
    path("recipients/import/", views_care.roll_import_view, name="roll_import"),
    path("recipients/export.xlsx", views_care.roll_export_view, name="roll_export"),
    path("reviews/", views_care.reviews, name="reviews"),
    path("reviews/sweep/", views_care.reviews_sweep_view, name="reviews_sweep"),
    path("reviews/<int:pk>/act/<slug:action>/", views_care.review_act_view, name="review_act"),
    path("care-service/", views_care.care_service, name="care_service"),
    path("care-service/new/", views_care.care_new, name="care_new"),
    path("care-service/assessments/new/", views_care.assessment_new, name="assessment_new"),
    path("care-service/<int:pk>/", views_care.care_detail, name="care_detail"),
    path("care-service/<int:pk>/act/<slug:action>/", views_care.care_act_view, name="care_act"),
]
