"""Sets the request context (source address, channel) that the audit trail records."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from minzheng.core.config import MissingSetting
from minzheng.core.context import RequestContext, acting_from
from minzheng.core.query_params import BadParameter
from minzheng.core.workdays import UnknownCalendarYear


def client_ip(request: HttpRequest) -> str:
    """The peer address. A reverse proxy in front must set REMOTE_ADDR (e.g. via
    its WSGI server's trusted-proxy option); X-Forwarded-For is not trusted here."""
    return str(request.META.get("REMOTE_ADDR", ""))


class ConfigurationErrorMiddleware:
    """A missing setting or an unknown calendar year stops the action with a page that
    says which setting or year to enter, instead of a server error (D11.3, D1.18)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, MissingSetting | UnknownCalendarYear):
            return render(request, "core/config_error.html", {"message": str(exc)}, status=503)
        return None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        with acting_from(RequestContext(ip=client_ip(request), channel=channel)):
            return self.get_response(request)


class NoStoreMiddleware:
    """Pages, API answers and downloads are built per user and carry personal data:
    no browser or proxy may keep them (issue 7, item 8). Static files are served
    by WhiteNoise before this runs and keep their long cache lifetime."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


class BadInputMiddleware:
    """Bad input that reaches no view as a 500 (issue 7 item 6).

    A query parameter a page cannot read (core/query_params.py) is a 400 page that
    names it. A body over its limit is refused before anything reads it:
    413, as the API's JSON error for /api/, as a page elsewhere. Requests that carry
    no session and no token (the public calculator, the log-in page) get the
    smallest limit; the API's JSON the next; signed-in pages the largest, which
    leaves room for the household spreadsheet upload (checked by its own form)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = self.limit(request)
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0  # Django reads no body without a valid length
        if size > limit:
            return too_large(request, limit)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, BadParameter):
            return render(request, "core/request_error.html", {"message": str(exc)}, status=400)
        return None

    @staticmethod
    def limit(request: HttpRequest) -> int:
        signed_in = bool(request.META.get("HTTP_AUTHORIZATION")) or (
            hasattr(request, "user") and request.user.is_authenticated
        )
        if not signed_in:
            return int(settings.MINZHENG_PUBLIC_MAX_BODY)
        if request.path.startswith("/api/"):
            return int(settings.MINZHENG_API_MAX_BODY)
        return int(settings.MINZHENG_PAGE_MAX_BODY)


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    message = f"请求体过大：不能超过{_size_text(limit)}"
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": {"__all__": [message]}}, status=413)
    return render(request, "core/request_error.html", {"message": message}, status=413)


def _size_text(size: int) -> str:
    return f"{size // (1024 * 1024)}MB" if size >= 1024 * 1024 else f"{size // 1024}KB"
