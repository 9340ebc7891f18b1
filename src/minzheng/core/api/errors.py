"""One error shape for every 4xx of the API, in Chinese and naming the field, and
the OpenAPI that says so for every operation (issue 7 items 6 and 10).

Shape: `{"detail": "字段：说明", "errors": {"字段": ["说明", ...]}}` — `detail` is
one sentence for a person, `errors` the field-by-field list for a program. The
field is named by its key in the request (`name`, `members.0.income`, `page`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from minzheng.core.api.schemas import ErrorOut

# pydantic's error types → the sentence shown; {names} come from the error's context.
_MESSAGES = {
    "missing": "必须填写",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "finite_number": "应为有限的数字",
    "decimal_max_digits": "数字位数过多（最多{max_digits}位）",
    "decimal_max_places": "最多{decimal_places}位小数",
    "decimal_whole_digits": "整数部分最多{whole_digits}位",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文字",
    "string_too_long": "不能超过{max_length}个字",
    "string_too_short": "不能少于{min_length}个字",
    "string_pattern_mismatch": "格式不正确",
    "date_parsing": "应为日期，如2024-03-01",
    "date_from_datetime_parsing": "应为日期，如2024-03-01",
    "date_from_datetime_inexact": "应为日期，不带时间",
    "date_type": "应为日期，如2024-03-01",
    "datetime_parsing": "应为时间，如2024-03-01T08:00:00+08:00",
    "greater_than_equal": "不能小于{ge}",
    "greater_than": "应大于{gt}",
    "less_than_equal": "不能大于{le}",
    "less_than": "应小于{lt}",
    "too_long": "最多{max_length}项",
    "too_short": "至少{min_length}项",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "json_invalid": "不是合法的JSON",
    "json_type": "不是合法的JSON",
    "literal_error": "应为以下之一：{expected}",
    "enum": "应为以下之一：{expected}",
    "recursion_loop": "嵌套层数过多",
}
_PLACES = {"body", "query", "path", "header", "cookie", "form", "file", "payload"}
NOT_FOUND = "未找到该记录（或不在您的管辖区域内）"
UNAUTHENTICATED = "未登录或令牌无效：请登录，或在 Authorization 头中使用有效的 Bearer 令牌"


def error_body(errors: dict[str, list[str]]) -> dict[str, Any]:
    key, messages = next(iter(errors.items()))
    detail = messages[0] if key == "__all__" else f"{key}：{messages[0]}"
    return {"detail": detail, "errors": errors}


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = list(loc)
    while parts and parts[0] in _PLACES:
        parts.pop(0)
    return ".".join(str(p) for p in parts) or "__all__"


def _message(error: dict[str, Any]) -> str:
    template = _MESSAGES.get(error.get("type", ""))
    if template is None:  # our own PydanticCustomError types carry Chinese already
        message = str(error.get("msg", ""))
        return message.removeprefix("Value error, ") or "格式不正确"
    try:
        return template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return template.split("{")[0].rstrip("（：") or "格式不正确"


def schema_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for error in errors:
        out.setdefault(_field(error.get("loc", ())), []).append(_message(error))
    return out


def django_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def _http_error_text(exc: HttpError) -> str:
    text = str(exc)
    if exc.status_code == 400 and "parse request body" in text:
        return "请求体不是合法的JSON"
    if "CSRF" in text:
        return "CSRF校验失败：浏览器会话的写操作须带 X-CSRFToken 头"
    return text


def register_error_handlers(api: NinjaAPI) -> None:
    """Every refusal answers with the one shape; nothing falls through to a 500."""

    def respond(request: HttpRequest, errors: dict[str, list[str]], status: int) -> HttpResponse:
        return api.create_response(request, error_body(errors), status=status)

    @api.exception_handler(SchemaError)
    def schema_error(request: HttpRequest, exc: SchemaError) -> HttpResponse:
        return respond(request, schema_errors(list(exc.errors)), 422)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(request, django_errors(exc), 422)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, {"__all__": [str(exc) or "无权操作"]}, 403)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        text = str(exc)
        message = text if text and not text.isascii() else NOT_FOUND
        return respond(request, {"__all__": [message]}, 404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, {"__all__": [UNAUTHENTICATED]}, 401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, {"__all__": [_http_error_text(exc)]}, exc.status_code)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, {"__all__": ["请求体过大"]}, 413)


# --- OpenAPI: the error responses of every operation --------------------------------

_ERROR_RESPONSES = {
    400: "请求格式错误（如请求体不是合法的JSON）",
    401: "未登录或令牌无效",
    403: "角色无权执行此操作（或会话写操作缺少CSRF令牌）",
    404: "记录不存在或不在本人管辖区域内",
    413: "请求体超过大小限制",
    422: "字段校验未通过（errors 按字段列出原因）",
}


def document_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error responses to every operation that does not declare its own
    (401 only where the operation requires authentication)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorOut"] = ErrorOut.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status, description in _ERROR_RESPONSES.items():
                if status == 401 and not operation.get("security"):
                    continue
                if str(status) not in responses and status not in responses:
                    responses[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": ref}},
                    }
    return schema
