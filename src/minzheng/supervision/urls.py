from django.urls import path

from minzheng.supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.home, name="home"),
    path("platforms/<slug:platform>/", views.platform, name="platform"),
    path("platforms/<slug:platform>/export.xlsx", views.platform_export, name="platform_export"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/export.xlsx", views.finding_export, name="finding_export"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/verify/", views.finding_verify, name="finding_verify"),
    path("findings/<int:pk>/rectify/", views.finding_rectify, name="finding_rectify"),
    path("findings/<int:pk>/close/", views.finding_close, name="finding_close"),
]
