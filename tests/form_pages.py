"""Reading a form page as the user sees it, for Django test-client tests: the Chinese
message next to a field after a refused post, and the success message shown on the page
a successful write leads to (issue 17: every form's error path, a message after every
write). The browser twin is `tests.browser.forms`."""

from __future__ import annotations

import html
import re

from django.http import HttpResponse
from django.test import Client

HTMX = {"HTTP_HX_REQUEST": "true"}
_TAGS = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return html.unescape(_TAGS.sub("", fragment)).strip()


def field_error(response: HttpResponse, field: str) -> str:
    """The message(s) shown next to `field` (its `.field-error` spans), or ''."""
    page = response.content.decode()
    pattern = rf'<span class="field-error"[^>]*data-field="{re.escape(field)}"[^>]*>(.*?)</span>'
    return "；".join(_text(m) for m in re.findall(pattern, page, flags=re.S))


def form_alert(response: HttpResponse) -> str:
    """The text of the refusals shown on a form as a whole (`div.error[role=alert]`)."""
    page = response.content.decode()
    found = re.findall(r'<div class="error" role="alert">(.*?)</div>', page, flags=re.S)
    return "；".join(_text(m) for m in found)


def shown_after(client: Client, response: HttpResponse) -> str:
    """Follow a successful write as the browser would (a 302, or htmx's HX-Redirect) and
    return the text of the message area (#messages) of the page it lands on."""
    assert response.status_code in (204, 302), (response.status_code, response.content[:600])
    where = response["HX-Redirect"] if response.has_header("HX-Redirect") else response["Location"]
    page = client.get(where).content.decode()
    found = re.search(r'<div id="messages"[^>]*>(.*?)</div>', page, flags=re.S)
    return _text(found.group(1)) if found else ""
