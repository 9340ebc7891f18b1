from django.urls import path

from minzheng.organisations import (
    views,
    views_adoption,
    views_applications,
    views_credit,
    views_evaluation,
    views_supervision,
)

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_new, name="new"),
    path("import/", views.organisation_import_view, name="import"),
    path("export/", views.organisation_export, name="export"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/change/", views.organisation_change_view, name="change"),
    path("<int:pk>/act/<slug:action>/", views.organisation_act, name="act"),
    path("<int:pk>/people/new/", views.responsible_new, name="responsible_new"),
    path("<int:pk>/penalties/new/", views.penalty_new, name="penalty_new"),
    path("<int:pk>/reports/new/", views_credit.report_new, name="report_new"),
    path("reports/", views_credit.report_list, name="reports"),
    path("reports/<int:pk>/act/<slug:action>/", views_credit.report_act, name="report_act"),
    path("credit/", views_credit.credit_list, name="credit"),
    path("credit/<int:pk>/remove/", views_credit.listing_remove_view, name="listing_remove"),
    path("<int:pk>/evaluations/new/", views_evaluation.evaluation_new, name="evaluation_new"),
    path("evaluations/", views_evaluation.evaluation_list, name="evaluations"),
    path(
        "evaluations/<int:pk>/act/<slug:action>/",
        views_evaluation.evaluation_act_view,
        name="evaluation_act",
    ),
    path(
        "evaluations/<int:pk>/objections/new/",
        views_evaluation.objection_new,
        name="objection_new",
    ),
    path("<int:pk>/adoptions/new/", views_adoption.adoption_new, name="adoption_new"),
    path("adoptions/", views_adoption.adoption_list, name="adoptions"),
    path(
        "adoptions/<int:pk>/visits/new/",
        views_adoption.adoption_visit_new,
        name="adoption_visit_new",
    ),
    path("adoptions/<int:pk>/end/", views_adoption.adoption_end_view, name="adoption_end"),
    path("applications/", views_applications.application_list, name="applications"),
    path("applications/new/", views_applications.establishment_new, name="establishment_new"),
    path(
        "<int:pk>/applications/<slug:kind>/",
        views_applications.organisation_application_new,
        name="application_new",
    ),
    path("fees/", views_supervision.fee_list, name="fees"),
    path("<int:pk>/fees/new/", views_supervision.fee_new, name="fee_new"),
    path("fees/<int:pk>/act/<slug:action>/", views_supervision.fee_act, name="fee_act"),
    path("<int:pk>/fee-reductions/new/", views_supervision.reduction_new, name="reduction_new"),
    path("<int:pk>/supervision/", views_supervision.facts_edit, name="facts"),
    path("party/", views_supervision.party_list, name="party"),
    path("<int:pk>/party/branches/new/", views_supervision.branch_new, name="branch_new"),
    path(
        "party/branches/<int:pk>/assess/",
        views_supervision.branch_assess_view,
        name="branch_assess",
    ),
    path("<int:pk>/party/list/", views_supervision.party_listing_new, name="party_listing"),
    path("public/credit-lists/", views_credit.public_credit, name="public_credit"),
]
