"""Reading numbers from a page's query string (`?year=2026`, `?campaign=12`).

`int(request.GET["year"])` answered `?year=abc` with a 500 (issue 7 item 6,
issue 17 item 17). These read the parameter within bounds or raise BadParameter,
which `core.middleware.BadInputMiddleware` turns into a 400 page that names the
field.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import HttpRequest

MAX_ID = 2**53  # the API's bound on ids too (core/api/bounds.py)
_MAX_DIGITS = 16


class BadParameter(BadRequest):
    """A query parameter that cannot be read; the message is shown as it is."""


def int_param(
    request: HttpRequest, name: str, *, label: str, default: int, low: int, high: int
) -> int:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= _MAX_DIGITS):
        raise BadParameter(f"{label}（{name}）应为整数，实际为“{raw[:20]}”")
    value = int(raw)
    if not low <= value <= high:
        raise BadParameter(f"{label}（{name}）应在{low}至{high}之间，实际为{value}")
    return value


def id_param(request: HttpRequest, name: str, *, label: str) -> int | None:
    """An optional record id (a filter); empty means no filter."""
    if not request.GET.get(name, "").strip():
        return None
    return int_param(request, name, label=label, default=0, low=1, high=MAX_ID)
