from django.urls import include, path, re_path

from minzheng.api import api, api_not_found

urlpatterns = [
    path("", include("minzheng.core.urls")),
    path("assistance/", include("minzheng.assistance.urls")),
    path("screening/", include("minzheng.screening.urls")),
    path("warning/", include("minzheng.warning.urls")),
    path("identity/", include("minzheng.identity.urls")),
    path("payments/", include("minzheng.payments.urls")),
    path("hotline/", include("minzheng.hotline.urls")),
    path("marriage/", include("minzheng.marriage.urls")),
    path("benefits/", include("minzheng.benefits.urls")),
    path("licensing/", include("minzheng.licensing.urls")),
    path("legal-education/", include("minzheng.legaledu.urls")),
    path("elderly/", include("minzheng.elderly.urls")),
    path("supervision/", include("minzheng.supervision.urls")),
    path("organisations/", include("minzheng.organisations.urls")),
    path("public/", include("minzheng.portal.urls")),
    path("portal/", include("minzheng.portal.urls_staff")),
    path("api/v1/", api.urls),
    # An API address that matches no operation (e.g. /persons/abc) answers the API's
    # JSON 404, not the HTML page meant for people.
    re_path(r"^api/", api_not_found),
]
