from django.urls import path

from minzheng.marriage import views, views_cases

app_name = "marriage"

urlpatterns = [
    path("", views.home, name="home"),
    path("appointments/", views.appointments, name="appointments"),
    path(
        "appointments/<int:pk>/cancel/",
        views.appointment_cancel_view,
        name="appointment_cancel",
    ),
    path("statistics/", views.statistics, name="statistics"),
    path("registrations/new/", views_cases.registration_new, name="registration_new"),
    path(
        "registrations/<int:pk>/",
        views_cases.registration_detail,
        name="registration_detail",
    ),
    path(
        "registrations/<int:pk>/act/<slug:action>/",
        views_cases.registration_act,
        name="registration_act",
    ),
    path("divorces/new/", views_cases.divorce_new, name="divorce_new"),
    path("divorces/<int:pk>/", views_cases.divorce_detail, name="divorce_detail"),
    path("divorces/<int:pk>/act/<slug:action>/", views_cases.divorce_act, name="divorce_act"),
    path(
        "certificates/<int:pk>/record.pdf", views_cases.certificate_print, name="certificate_pdf"
    ),
    path(
        "certificates/<int:pk>/replace/",
        views_cases.certificate_replace_view,
        name="certificate_replace",
    ),
]
