from django.urls import path

from minzheng.elderly import views, views_funds, views_map, views_meals

app_name = "elderly"

urlpatterns = [
    path("", views.facility_list, name="facility_list"),
    path("facilities/new/", views.facility_new, name="facility_new"),
    path("facilities/import/", views.facility_import, name="facility_import"),
    path("facilities/export/", views.facility_export, name="facility_export"),
    path("facilities/<int:pk>/", views.facility_detail, name="facility_detail"),
    path("facilities/<int:pk>/edit/", views.facility_edit, name="facility_edit"),
    path("facilities/<int:pk>/action/", views.facility_action, name="facility_action"),
    path("map/", views_map.coverage_map, name="map"),
    path("map/counties.geojson", views_map.county_shapes, name="county_shapes"),
    path("map/measure/", views_map.coverage_measure_view, name="coverage_measure"),
    path("meals/", views_meals.meal_list, name="meal_list"),
    path("meals/new/", views_meals.meal_new, name="meal_new"),
    path("meals/import/", views_meals.meal_import, name="meal_import"),
    path("settlements/", views_meals.settlement_list, name="settlement_list"),
    path("settlements/prepare/", views_meals.settlement_prepare_view, name="settlement_prepare"),
    path("settlements/<int:pk>/", views_meals.settlement_detail, name="settlement_detail"),
    path("settlements/<int:pk>/action/", views_meals.settlement_action, name="settlement_action"),
    path("funds/", views_funds.fund_list, name="fund_list"),
    path("funds/prepare/", views_funds.fund_prepare, name="fund_prepare"),
    path("funds/<int:pk>/action/", views_funds.fund_action, name="fund_action"),
    path("operators/<int:pk>/account/", views_funds.operator_account, name="operator_account"),
]
