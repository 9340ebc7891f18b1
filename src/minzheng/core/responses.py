"""Responses shared by the pages, and how htmx requests are answered.

Every successful write adds a Django message (``messages.success(request, …)``)
and redirects. Where the answer lands:
- a plain form post follows the 302 and the next page shows the message;
- an htmx request never follows a redirect inside the XHR (the target page would
  land inside the form, and the message would be used up unseen): the middleware
  turns it into ``HX-Redirect``, a whole-page load that shows the message;
- an htmx answer that swaps a fragment carries the pending messages out of band
  (``#messages`` in base.html), so a message is never left for a later page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string

REDIRECTS = {301, 302, 303, 307, 308}


def redirect_after_post(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful post: htmx follows HX-Redirect (a whole-page load, so the
    target page never lands inside the form); a plain form post follows the 302."""
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class HtmxResponseMiddleware:
    """Redirects become HX-Redirect for htmx; fragments carry pending messages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, "htmx", False):
            return response
        if response.status_code in REDIRECTS and response.has_header("Location"):
            answer = HttpResponse(status=204)
            answer["HX-Redirect"] = response["Location"]
            for name, cookie in response.cookies.items():
                answer.cookies[name] = cookie
            return answer
        if _is_html_fragment(response) and _has_pending_messages(request):
            oob = render_to_string("core/_messages.html", {"oob": True}, request=request)
            response.content = response.content + oob.encode(response.charset)
        return response


def _is_html_fragment(response: HttpResponse) -> bool:
    if getattr(response, "streaming", False) or response.status_code == 204:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    return b"<html" not in response.content[:400].lower()


def _has_pending_messages(request: HttpRequest) -> bool:
    # len() counts stored and queued messages without marking them as used.
    return hasattr(request, "_messages") and len(messages.get_messages(request)) > 0
