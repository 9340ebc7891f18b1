from django.urls import path

from minzheng.assistance import (
    views,
    views_calculator,
    views_case,
    views_documents,
    views_enrolment,
    views_money,
    views_simulation,
    views_tools,
    views_visits,
)

app_name = "assistance"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("applications/", views.application_list, name="list"),
    path("households/<int:household_id>/apply/", views.application_new, name="new"),
    path("applications/<int:pk>/", views_case.application_detail, name="detail"),
    path("applications/<int:pk>/act/<slug:name>/", views_case.application_action, name="act"),
    path(
        "applications/<int:pk>/materials/<int:material_pk>/receive/",
        views_case.material_receive,
        name="material_receive",
    ),
    path(
        "applications/<int:pk>/materials/<int:material_pk>/attach/",
        views_case.material_attach,
        name="material_attach",
    ),
    path(
        "applications/<int:pk>/materials/<int:material_pk>/file",
        views_case.material_file,
        name="material_file",
    ),
    path(
        "applications/<int:pk>/visits/<int:visit_pk>/photos/",
        views_visits.visit_photo_attach,
        name="visit_photo_attach",
    ),
    path(
        "applications/<int:pk>/photos/<int:photo_pk>",
        views_visits.visit_photo_file,
        name="visit_photo_file",
    ),
    path(
        "applications/<int:pk>/photos/<int:photo_pk>/delete/",
        views_visits.visit_photo_delete,
        name="visit_photo_delete",
    ),
    path("enrolments/", views_enrolment.enrolment_list, name="enrolments"),
    path("enrolments/<int:pk>/", views_enrolment.enrolment_detail, name="enrolment"),
    path("calculator/", views_calculator.calculator, name="calculator"),
    path("figures/", views_tools.figures, name="figures"),
    path("money/", views_money.money, name="money"),
    path("simulations/", views_simulation.simulation_list, name="simulations"),
    path("simulations/<int:pk>/", views_simulation.simulation_detail, name="simulation"),
    path("beneficiaries/", views_money.roster, name="roster"),
    # Documents and spreadsheets (issue 3 item 6)
    path("applications/export.xlsx", views_documents.application_export, name="export"),
    path("enrolments/export.xlsx", views_documents.enrolment_export, name="enrolment_export"),
    path("applications/<int:pk>/receipt.pdf", views_documents.receipt_pdf, name="receipt_pdf"),
    path("applications/<int:pk>/decision.pdf", views_documents.decision_pdf, name="decision_pdf"),
    path("notices/", views_documents.notice_index, name="notice_index"),
    path("notices/<str:community_code>.pdf", views_documents.notice_pdf, name="notice_pdf"),
]
