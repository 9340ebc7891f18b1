from django.urls import path

from minzheng.payments import views, views_institutions, views_payables, views_roll

app_name = "payments"

urlpatterns = [
    path("", views.cycle_list, name="cycle_list"),
    path("cycles/new/", views.cycle_new, name="cycle_new"),
    path("roll/", views_roll.roll_upload, name="roll_upload"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/correction/", views.correction_new, name="correction_new"),
    path("cycles/<int:pk>/act/<slug:action>/", views.cycle_act, name="cycle_act"),
    path("cycles/<int:pk>/bank-file/", views.cycle_bank_file, name="cycle_bank_file"),
    path("cycles/<int:pk>/return-file/", views.cycle_return_file, name="cycle_return_file"),
    path("recoveries/", views.recovery_list, name="recovery_list"),
    path("recoveries/<int:pk>/repay/", views.repay, name="recovery_repay"),
    path("recoveries/<int:pk>/write-off/", views.write_off, name="recovery_write_off"),
    path("institutions/", views_institutions.institution_list, name="institution_list"),
    path("institutions/new/", views_institutions.institution_new, name="institution_new"),
    path(
        "institutions/<int:pk>/",
        views_institutions.institution_detail,
        name="institution_detail",
    ),
    path(
        "institutions/<int:pk>/edit/",
        views_institutions.institution_edit,
        name="institution_edit",
    ),
    path(
        "institutions/<int:pk>/placements/new/",
        views_institutions.placement_new,
        name="placement_new",
    ),
    path(
        "placements/<int:pk>/leave/",
        views_institutions.placement_leave,
        name="placement_leave",
    ),
    path("payables/", views_payables.payable_list, name="payable_list"),
    path("payables/<int:pk>/action/", views_payables.payable_action, name="payable_action"),
    path("totals/", views.totals_page, name="totals"),
    path("totals/export/", views.totals_export, name="totals_export"),
]
