"""The versioned JSON API (OpenAPI at /api/v1/docs). Each domain adds its router.

The docs and the schema are public on purpose (docs/core.md, "API"): they describe
shapes, never data, and the project's code that they are generated from is open.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from minzheng.assistance.api import router as assistance_router
from minzheng.benefits.api import router as benefits_router
from minzheng.core.api import auth as core_auth
from minzheng.core.api import router as core_router
from minzheng.core.api.errors import (
    NOT_FOUND,
    document_error_responses,
    error_body,
    register_error_handlers,
)
from minzheng.core.config import MissingSetting
from minzheng.core.workdays import UnknownCalendarYear
from minzheng.elderly.api import router as elderly_router
from minzheng.hotline.api import router as hotline_router
from minzheng.identity.api import router as identity_router
from minzheng.legaledu.api import router as legaledu_router
from minzheng.licensing.api import router as licensing_router
from minzheng.marriage.api import router as marriage_router
from minzheng.organisations.api import router as organisations_router
from minzheng.payments.api import router as payments_router
from minzheng.screening.api import router as screening_router
from minzheng.screening.api_photos import router as screening_photos_router
from minzheng.supervision.api import router as supervision_router
from minzheng.warning.api import router as warning_router


class MinzhengAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return document_error_responses(super().get_openapi_schema(**kwargs))


api = MinzhengAPI(
    title="民政业务平台 API",
    version="1",
    description="区划范围内的人员、家庭与业务数据。认证：会话（浏览器）或 Bearer 令牌。"
    "所有4xx错误的格式相同：{detail, errors}，errors 按字段列出原因。",
    auth=core_auth,
    urls_namespace="api-v1",
)
api.add_router("/core/", core_router)
api.add_router("/assistance/", assistance_router)
api.add_router("/screening/", screening_router)
api.add_router("/screening/", screening_photos_router)
api.add_router("/warning/", warning_router)
api.add_router("/payments/", payments_router)
api.add_router("/hotline/", hotline_router)
api.add_router("/marriage/", marriage_router)
api.add_router("/licensing/", licensing_router)
api.add_router("/legaledu/", legaledu_router)
api.add_router("/organisations/", organisations_router)
api.add_router("/identity/", identity_router)
api.add_router("/elderly/", elderly_router)
api.add_router("/supervision/", supervision_router)
api.add_router("/benefits/", benefits_router)
register_error_handlers(api)


@api.exception_handler(UnknownCalendarYear)
@api.exception_handler(MissingSetting)
def configuration_missing(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, error_body({"__all__": [str(exc)]}), status=422)


@csrf_exempt  # it changes nothing; without this a POST would get the HTML CSRF page
def api_not_found(request: HttpRequest) -> HttpResponse:
    return JsonResponse(error_body({"__all__": [NOT_FOUND]}), status=404)
