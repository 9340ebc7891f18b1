"""The calculator's JSON edge (POST /api/v1/assistance/calculate): the body read with
bounds, the request parsed once, parameters resolved from versioned configuration for
the area and the request's decision date (D1.18). Everything else uses the typed
adapter (policy_adapter.py)."""

from __future__ import annotations

import json
from typing import Any

from minzheng.assistance.policy.calculator import error_response, respond
from minzheng.assistance.policy.request import parse_request
from minzheng.assistance.policy.request_reader import FieldError, RequestError
from minzheng.assistance.standards import parameters_for
from minzheng.core.models import Area

MAX_BODY = 256 * 1024  # bytes; a 30-member household with every detail is ~40 KB


def calculate_for_area(data: object, area: Area) -> dict[str, Any]:
    """Calculate with the area's configuration in force on the request's decision date;
    with no configuration at all, the engine's labelled example defaults (shown as such)."""
    try:
        parsed = parse_request(data)
    except RequestError as exc:
        return error_response(exc.errors)
    configured = parameters_for(area, parsed.household.decision_date)
    return respond(parsed, parameters=configured or None)


def read_json(body: bytes) -> tuple[object, dict[str, Any] | None]:
    """The request body as JSON, or the error response: too large, not JSON, nested too
    deeply or with a number too long to read — each a client error, never a 500."""
    if len(body) > MAX_BODY:
        return None, too_large()
    try:
        return json.loads(body or b"null"), None
    except json.JSONDecodeError as exc:
        return None, _error(f"请求不是合法的JSON：第{exc.lineno}行第{exc.colno}列")
    except RecursionError:
        return None, _error("请求的JSON嵌套层数过多")
    except (ValueError, UnicodeDecodeError):
        return None, _error("请求不是合法的JSON：含有无法读取的数字或字符")


def too_large() -> dict[str, Any]:
    return _error(f"请求体过大：不能超过 {MAX_BODY // 1024} KB")


def _error(message: str, path: str = "") -> dict[str, Any]:
    return error_response([FieldError(path, message)])
