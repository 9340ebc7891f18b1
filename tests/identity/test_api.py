"""The review queue through the JSON API, as named users of a role and area (issue 16;
D0.1, D5.3; D0.3 scope): listed and paginated within the area, masked, every list and
read audited like the page, decisions through the workflow (county only)."""

from __future__ import annotations

import pytest
from django.test import Client

from minzheng.core.models import AuditEntry, Person, TransitionLog
from minzheng.identity.models import MatchPair
from tests.factories import AREAS, PersonFactory
from tests.identity.pairs import make_pair

pytestmark = pytest.mark.django_db
J = "application/json"


@pytest.fixture
def pair(areas):
    a = PersonFactory(id_number="440524188001010014", name="王建国", phone="13912345678")
    b = PersonFactory(id_number="440524188001010313", name="王建國", phone="13912345678")
    return make_pair(
        a,
        b,
        probability=0.93,
        match_weight=3.8,
        evidence={"id": 7.5, "name": 5.1, "birth": 0.0, "sex": 0.0, "address": -2.0, "phone": 9.9},
        model_version="1-2026-12-02",
    )


def _as(users, who: str) -> Client:
    client = Client()
    client.force_login(users[who])
    return client


def test_the_list_is_the_areas_paginated_masked_and_audited(users, pair):
    # a second pair in the other county is never listed for county A
    other = make_pair(
        PersonFactory(area_id=AREAS["community_b1"]), PersonFactory(area_id=AREAS["community_b1"])
    )
    body = _as(users, "county").get("/api/v1/identity/pairs", {"page_size": 1}).json()
    assert (body["count"], body["page"]) == (1, 1)
    [item] = body["items"]
    assert item["id"] == pair.pk and item["status_label"] == "待复核"
    assert (item["person_a"]["name"], item["person_b"]["name"]) == ("王建国", "王建國")
    assert item["person_a"]["id_number_masked"] == "4405**********0014"
    assert item["person_b"]["phone_masked"] != "13912345678"
    assert "440524188001010014" not in str(body) and "13912345678" not in str(body)
    evidence = {e["field"]: (e["weight"], e["verdict"]) for e in item["evidence"]}
    assert evidence["phone"] == (9.9, "支持同一人") and evidence["address"][1] == "支持不同人"
    entry = AuditEntry.objects.filter(action="search", object_type="identity.matchpair").get()
    assert entry.actor_username == "zhang_county" and entry.channel == "api"
    listed_b = _as(users, "county_b").get("/api/v1/identity/pairs").json()
    assert [i["id"] for i in listed_b["items"]] == [other.pk]


def test_a_pair_outside_the_area_is_not_found(users, pair):
    assert _as(users, "county_b").get(f"/api/v1/identity/pairs/{pair.pk}").status_code == 404


def test_a_reading_is_logged(users, pair):
    assert _as(users, "township").get(f"/api/v1/identity/pairs/{pair.pk}").status_code == 200
    entry = AuditEntry.objects.get(action="read", object_type="identity.matchpair")
    assert entry.actor_username == "li_township"


def test_the_county_decides_and_the_decision_is_audited(users, pair):
    client = _as(users, "county")
    response = client.post(
        f"/api/v1/identity/pairs/{pair.pk}/decision",
        {"decision": "same", "note": "身份证号录错一位"},
        content_type=J,
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "same"
    log = TransitionLog.objects.get(object_id=str(pair.pk), workflow="identity_pair")
    assert (log.action, log.actor.username, log.note) == (
        "same",
        "zhang_county",
        "身份证号录错一位",
    )
    assert AuditEntry.objects.filter(
        object_type="identity.matchpair", action="transition"
    ).exists()


def test_a_township_reviewer_may_not_decide(users, pair):
    response = _as(users, "township").post(
        f"/api/v1/identity/pairs/{pair.pk}/decision", {"decision": "same"}, content_type=J
    )
    assert response.status_code == 403
    assert MatchPair.objects.get(pk=pair.pk).status == "pending"


def test_a_bad_decision_names_the_field(users, pair):
    response = _as(users, "county").post(
        f"/api/v1/identity/pairs/{pair.pk}/decision", {"decision": "maybe"}, content_type=J
    )
    assert response.status_code == 422 and "decision" in response.json()["errors"]
    bad_status = _as(users, "county").get("/api/v1/identity/pairs", {"status": "nonsense"})
    assert bad_status.status_code == 422 and "status" in bad_status.json()["errors"]


def test_merge_and_undo_through_the_api(users, pair):
    client = _as(users, "county")
    url = f"/api/v1/identity/pairs/{pair.pk}"
    client.post(f"{url}/decision", {"decision": "same"}, content_type=J)
    merged = client.post(f"{url}/merge", {"keep": "a"}, content_type=J).json()
    assert merged["status"] == "merged"
    assert merged["person_b"]["merged_into"] == pair.person_a_id
    no_reason = client.post(f"{url}/undo", {"note": ""}, content_type=J)
    assert no_reason.status_code == 422 and "note" in no_reason.json()["errors"]
    undone = client.post(f"{url}/undo", {"note": "误合并"}, content_type=J).json()
    assert undone["status"] == "same" and undone["person_b"]["merged_into"] is None
    assert Person.objects.get(pk=pair.person_b_id).merged_into_id is None
