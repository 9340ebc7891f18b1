from django.urls import path

from minzheng.assistance import views, views_tools

app_name = "assistance"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("applications/", views.application_list, name="list"),
    path("households/<int:household_id>/apply/", views.application_new, name="new"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/act/<slug:name>/", views.application_action, name="act"),
    path("calculator/", views_tools.calculator, name="calculator"),
    path("standards/", views_tools.standards, name="standards"),
    path("figures/", views_tools.figures, name="figures"),
]
