"""The HTTP response that carries a rendered PDF."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """`inline` opens the browser's viewer (to print); otherwise it downloads."""
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"  # personal data: not kept by browsers or proxies
    return response
