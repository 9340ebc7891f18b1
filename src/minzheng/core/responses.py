"""Responses shared by the pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def redirect_after_post(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful post: htmx follows HX-Redirect (a whole-page load, so the
    target page never lands inside the form); a plain form post follows the 302."""
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)
