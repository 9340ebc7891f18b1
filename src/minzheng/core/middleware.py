"""Sets the request context (source address, channel) that the audit trail records."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from minzheng.core.context import RequestContext, acting_from


def client_ip(request: HttpRequest) -> str:
    """The peer address. A reverse proxy in front must set REMOTE_ADDR (e.g. via
    its WSGI server's trusted-proxy option); X-Forwarded-For is not trusted here."""
    return str(request.META.get("REMOTE_ADDR", ""))


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        with acting_from(RequestContext(ip=client_ip(request), channel=channel)):
            return self.get_response(request)
