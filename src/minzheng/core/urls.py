from django.contrib.auth import views as auth_views
from django.urls import path

from minzheng.core import views, views_edit

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("persons/", views.person_search, name="person_search"),
    path("persons/export.xlsx", views.person_export, name="person_export"),
    path("persons/new/", views_edit.person_new, name="person_new"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/id-number/", views.person_id_number, name="person_id_number"),
    path("households/", views.household_search, name="household_search"),
    path("households/new/", views_edit.household_new, name="household_new"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/members/", views_edit.member_add, name="member_add"),
    path(
        "households/<int:pk>/members/<int:membership_id>/leave/",
        views_edit.member_leave,
        name="member_leave",
    ),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("audit/", views.audit_list, name="audit_list"),
    path("calendar/", views.calendar, name="calendar"),
]
