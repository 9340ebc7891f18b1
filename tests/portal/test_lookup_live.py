"""The look-up over a real HTTP server (the test client skips CSRF): the form hands out
the CSRF cookie and token; a post without them is refused; with them it answers; the
answers are never stored by a browser or a proxy."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from minzheng.core.models import AuditEntry
from tests.portal.cases import RECEIPT, make_application

pytestmark = pytest.mark.django_db(transaction=True)


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def _post(opener, url: str, data: dict[str, str]) -> tuple[int, str, str]:
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Referer", url)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode(), response.headers["Cache-Control"]
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), exc.headers.get("Cache-Control", "")


def test_the_look_up_needs_the_forms_csrf_token_and_answers_with_it(live_server, published, users):
    app = make_application(users["caseworker"])
    url = f"{live_server.url}/public/status/"
    data = {"receipt": RECEIPT, "tail": app.applicant.id_number[-4:]}

    status, _page, _cache = _post(_opener(), url, data)
    assert status == 403  # no CSRF cookie nor token: refused before anything is read

    opener = _opener()
    with opener.open(url, timeout=30) as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    before = AuditEntry.objects.count()
    status, page, cache = _post(opener, url, {**data, "csrfmiddlewaretoken": token.group(1)})
    assert status == 200
    assert app.status_label in page and "当前环节" in page
    assert "no-store" in cache
    assert AuditEntry.objects.count() == before + 1
