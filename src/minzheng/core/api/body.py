"""A JSON object body read by hand, for the endpoints whose fields a Django form
validates (the case actions): every malformed body is a 422 naming `body`."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError

# The OpenAPI of such an endpoint: an object whose fields depend on the path.
FREE_OBJECT_BODY = {
    "requestBody": {
        "required": False,
        "content": {
            "application/json": {"schema": {"type": "object", "additionalProperties": True}}
        },
    }
}


def action_body(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError({"body": "请求体不是合法的JSON"}) from exc
    except RecursionError as exc:  # thousands of nested brackets
        raise ValidationError({"body": "请求体嵌套层数过多"}) from exc
    if not isinstance(data, dict):
        raise ValidationError({"body": '请求体应为JSON对象，如 {"note": "…"}'})
    return data
