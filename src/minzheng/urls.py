from django.urls import include, path

from minzheng.api import api

urlpatterns = [
    path("", include("minzheng.core.urls")),
    path("assistance/", include("minzheng.assistance.urls")),
    path("screening/", include("minzheng.screening.urls")),
    path("warning/", include("minzheng.warning.urls")),
    path("api/v1/", api.urls),
]
