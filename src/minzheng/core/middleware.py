"""Sets the request context (source address, channel) that the audit trail records."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from minzheng.core.config import MissingSetting
from minzheng.core.context import RequestContext, acting_from
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
