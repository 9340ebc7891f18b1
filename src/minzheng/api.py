"""The versioned JSON API (OpenAPI at /api/v1/docs). Each domain adds its router."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from minzheng.assistance.api import router as assistance_router
from minzheng.core.api import auth as core_auth
from minzheng.core.api import router as core_router
from minzheng.core.config import MissingSetting
from minzheng.core.workdays import UnknownCalendarYear
from minzheng.screening.api import router as screening_router
from minzheng.warning.api import router as warning_router

api = NinjaAPI(
    title="民政业务平台 API",
    version="1",
    description="区划范围内的人员、家庭与业务数据。认证：会话（浏览器）或 Bearer 令牌。",
    auth=core_auth,
    urls_namespace="api-v1",
)
api.add_router("/core/", core_router)
api.add_router("/assistance/", assistance_router)
api.add_router("/screening/", screening_router)
api.add_router("/warning/", warning_router)


def _field_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = _field_errors(exc)
    first = next(iter(errors.values()))[0]
    return api.create_response(request, {"detail": first, "errors": errors}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "无权操作"}, status=403)


@api.exception_handler(UnknownCalendarYear)
@api.exception_handler(MissingSetting)
def configuration_missing(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=422)
