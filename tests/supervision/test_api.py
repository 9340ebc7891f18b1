"""The supervision API as named users of a role and area: scoped lists, bounded filters
answering 4xx with the field named (never 500), the workflow's actions."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import AREAS, make_household
from tests.supervision.findings import stored

pytestmark = pytest.mark.django_db
J = "application/json"


def _as(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def findings(sup_settings):
    return {
        "a1": stored(make_household(AREAS["community_a1"]).head),
        "b1": stored(make_household(AREAS["community_b1"]).head, platform="disability"),
    }


def test_the_list_is_the_users_area(findings, users):
    body = _as(users["county"]).get("/api/v1/supervision/findings").json()
    assert [i["id"] for i in body["items"]] == [findings["a1"].pk]
    assert body["items"][0]["id_number_masked"].count("*") == 10
    auditor = _as(users["auditor"]).get("/api/v1/supervision/findings", {"platform": "disability"})
    assert [i["id"] for i in auditor.json()["items"]] == [findings["b1"].pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"platform": "money"}, "platform"),
        ({"area": "32030x"}, "area"),
        ({"area": AREAS["county_b"]}, "area"),  # outside: the same answer as unknown
        ({"rule": "S001;drop"}, "rule"),
        ({"status": "x" * 40}, "status"),
        ({"status": "nonsense"}, "status"),
        ({"page_size": 10_000}, "page_size"),
    ],
)
def test_bad_filters_name_the_field(findings, users, params, field):
    r = _as(users["county"]).get("/api/v1/supervision/findings", params)
    assert 400 <= r.status_code < 500, r.content
    assert field in r.content.decode()


def test_outside_the_area_is_not_found(findings, users):
    assert (
        _as(users["county"]).get(f"/api/v1/supervision/findings/{findings['b1'].pk}").status_code
        == 404
    )


def test_verify_then_rectify_then_close(findings, users):
    pk = findings["a1"].pk
    cw, county = _as(users["caseworker"]), _as(users["county"])
    r = cw.post(
        f"/api/v1/supervision/findings/{pk}/verify",
        {"verdict": "confirm", "note": "属实"},
        content_type=J,
    )
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    refused = cw.post(
        f"/api/v1/supervision/findings/{pk}/rectify",
        {"kind": "correct", "note": "纠正"},
        content_type=J,
    )
    assert refused.status_code == 403  # the county bureau rectifies (D14.12)
    bad = county.post(
        f"/api/v1/supervision/findings/{pk}/rectify",
        {"kind": "recover", "note": "追回", "amount": "-1"},
        content_type=J,
    )
    assert bad.status_code == 422 and "amount" in bad.content.decode()
    for amount, words in (
        ("1" * 17, "不能超过16个字符"),
        ("12.345", "amount"),
        ("1" * 13, "amount"),
    ):
        long = county.post(
            f"/api/v1/supervision/findings/{pk}/rectify",
            {"kind": "recover", "note": "追回", "amount": amount},
            content_type=J,
        )
        assert long.status_code == 422 and "amount" in long.json()["errors"], amount
        assert words in str(long.json()), amount
    ok = county.post(
        f"/api/v1/supervision/findings/{pk}/rectify",
        {"kind": "correct", "note": "已纠正"},
        content_type=J,
    )
    assert ok.json()["status"] == "rectifying"
    empty = county.post(f"/api/v1/supervision/findings/{pk}/close", {"note": ""}, content_type=J)
    assert empty.status_code in {400, 422} and "note" in empty.content.decode()
    done = county.post(
        f"/api/v1/supervision/findings/{pk}/close", {"note": "佐证已存档"}, content_type=J
    )
    assert done.json()["status"] == "closed"


def test_control_characters_are_refused(findings, users):
    r = _as(users["caseworker"]).post(
        f"/api/v1/supervision/findings/{findings['a1'].pk}/verify",
        {"verdict": "confirm", "note": "属实\x00"},
        content_type=J,
    )
    assert r.status_code == 422 and "note" in r.content.decode()
