from django.contrib.auth import views as auth_views
from django.urls import path

from minzheng.core import (
    views,
    views_account,
    views_audit,
    views_dashboard,
    views_edit,
    views_settings,
    views_spreadsheets,
)
from minzheng.core.documents import views as views_documents

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views_account.account, name="account"),
    path("account/tokens/<int:pk>/revoke/", views_account.token_revoke, name="token_revoke"),
    path("accounts/unlock/", views_account.unlock, name="login_unlock"),
    path("accounts/duties/", views_account.duties, name="duties"),
    path(
        "accounts/duties/<int:pk>/revoke/",
        views_account.duty_revoke_view,
        name="duty_revoke",
    ),
    path("persons/", views.person_search, name="person_search"),
    path("persons/export.xlsx", views.person_export, name="person_export"),
    path("persons/new/", views_edit.person_new, name="person_new"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/id-number/", views.person_id_number, name="person_id_number"),
    path("persons/<int:pk>/phone/", views.person_phone, name="person_phone"),
    path("households/", views.household_search, name="household_search"),
    path("households/new/", views_edit.household_new, name="household_new"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/members/", views_edit.member_add, name="member_add"),
    path(
        "households/<int:pk>/members/<int:membership_id>/leave/",
        views_edit.member_leave,
        name="member_leave",
    ),
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", views_dashboard.dashboard_export, name="dashboard_export"),
    path("dashboard/xuzhou-counties.json", views_dashboard.county_map, name="dashboard_map"),
    path("audit/", views_audit.audit_list, name="audit_list"),
    path("audit/verify/", views_audit.audit_verify, name="audit_verify"),
    path("calendar/", views.calendar, name="calendar"),
    path("settings/", views_settings.settings_list, name="settings"),
    path(
        "households/import/",
        views_spreadsheets.household_import,
        name="household_import",
    ),
    path(
        "households/import/template.xlsx",
        views_spreadsheets.household_import_template,
        name="household_import_template",
    ),
    path(
        "households/import/errors/<str:token>.xlsx",
        views_spreadsheets.household_import_errors,
        name="household_import_errors",
    ),
    path(
        "households/export.xlsx",
        views_spreadsheets.household_export,
        name="household_export",
    ),
    path(
        "households/<int:pk>/summary.pdf",
        views_documents.household_summary_pdf,
        name="household_summary_pdf",
    ),
]
