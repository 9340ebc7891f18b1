"""Issue 7, item 2, over a real HTTP server (the test client skips CSRF checks,
which is how the suite missed that every token write failed): token requests
need no CSRF token, session writes do."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from http.cookies import SimpleCookie

import pytest
from django.test import Client

from minzheng.core import idnumber
from minzheng.core.models import ApiToken, Person
from tests.factories import AREAS, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _call(url: str, method: str, body: dict | None = None, headers: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def _new_person(number: int) -> dict:
    return {
        "id_number": idnumber.make("320302", dt.date(1970, 1, 1), number),
        "name": "孙丽",
        "area_code": AREAS["community_a1"],
    }


def _session_cookies(live_server, user) -> tuple[str, str]:
    """A logged-in session cookie and the CSRF cookie a page hands out."""
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    with urllib.request.urlopen(f"{live_server.url}/login/", timeout=30) as response:
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie"):
            cookies.load(header)
    return session, cookies["csrftoken"].value


def test_token_writes_succeed_without_csrf(live_server, users):
    _, clear = ApiToken.issue(user=users["caseworker"], label="对接系统")
    auth = {"Authorization": f"Bearer {clear}"}
    status, body = _call(f"{live_server.url}/api/v1/core/persons", "POST", _new_person(11), auth)
    assert status == 201, body
    person_id = body["id"]
    status, body = _call(
        f"{live_server.url}/api/v1/core/persons/{person_id}",
        "PATCH",
        {"residence_address": "解放路8号"},
        auth,
    )
    assert status == 200, body
    assert Person.objects.get(pk=person_id).residence_address == "解放路8号"


def test_a_session_write_without_the_csrf_token_is_refused(live_server, users):
    session, _ = _session_cookies(live_server, users["caseworker"])
    status, body = _call(
        f"{live_server.url}/api/v1/core/persons",
        "POST",
        _new_person(13),
        {"Cookie": f"sessionid={session}"},
    )
    assert status == 403 and "CSRF" in body["detail"]
    assert not Person.objects.exists()


def test_a_session_write_with_the_csrf_token_succeeds(live_server, users):
    session, csrf = _session_cookies(live_server, users["caseworker"])
    status, body = _call(
        f"{live_server.url}/api/v1/core/persons",
        "POST",
        _new_person(15),
        {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf},
    )
    assert status == 201, body
    assert Person.objects.get().name == "孙丽"


def test_a_session_read_needs_no_csrf_token_and_no_credentials_is_401(live_server, users):
    person = PersonFactory()
    session, _ = _session_cookies(live_server, users["caseworker"])
    url = f"{live_server.url}/api/v1/core/persons/{person.pk}"
    assert _call(url, "GET", headers={"Cookie": f"sessionid={session}"})[0] == 200
    assert _call(url, "GET")[0] == 401
    assert _call(url, "GET", headers={"Authorization": "Bearer wrong"})[0] == 401
