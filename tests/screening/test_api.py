"""The screening API through HTTP, as named users of a role and area; each write
checks the data and the audit rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from minzheng.core.models import AuditEntry
from minzheng.screening.models import FollowUp, KeyHousehold, Visit
from minzheng.screening.services.tracking import Placement, key_household_place
from tests.factories import AREAS

pytestmark = pytest.mark.django_db
J = "application/json"
D = dt.date


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _visit_payload(**extra) -> dict:
    return {
        "visited_on": "2026-03-05",
        "method": "home",
        "outcome": "no_difficulty",
        "situation": "生活正常",
        **extra,
    }


def test_campaigns_list_and_detail_for_staff_of_the_area(users, running):
    body = _client(users["caseworker"]).get("/api/v1/screening/campaigns").json()["items"]
    assert [c["id"] for c in body] == [running.campaign.pk]
    assert body[0]["status"] == "active" and body[0]["rounds"][0]["ends_on"] == "2026-03-16"
    assert body[0]["population_description"] == ["组织区划内全部家庭"]
    other = _client(users["caseworker_b"])
    assert other.get("/api/v1/screening/campaigns").json()["items"] == []
    assert other.get(f"/api/v1/screening/campaigns/{running.campaign.pk}").status_code == 404


def test_figures_are_aggregates_for_leaders_and_refused_to_caseworkers(users, running):
    url = f"/api/v1/screening/campaigns/{running.campaign.pk}/figures"
    leader = _client(users["leader"]).get(url)
    assert leader.status_code == 200
    assert (leader.json()["targets"], leader.json()["coverage_percent"]) == (4, "0.0")
    assert leader.json()["rounds"][0]["overdue"] == 4  # round 1 ended in March
    assert _client(users["caseworker"]).get(url).status_code == 403
    assert _client(users["county_b"]).get(url).status_code == 404


def test_targets_are_listed_within_the_users_area(users, running):
    mine = _client(users["caseworker"]).get(
        "/api/v1/screening/targets", {"campaign_id": running.campaign.pk}
    )
    assert mine.json()["count"] == 3
    assert {t["area_code"] for t in mine.json()["items"]} == {AREAS["community_a1"]}
    township = _client(users["township"]).get("/api/v1/screening/targets").json()
    assert township["count"] == 4
    assert _client(users["caseworker_b"]).get("/api/v1/screening/targets").json()["count"] == 0


def test_a_caseworker_records_a_visit_that_places_the_household(users, running):
    target = running.target(running.households[0])
    payload = _visit_payload(
        outcome="placed_under_tracked_help",
        reason="独居高龄",
        help_plan="每周电话回访，每月上门",
        next_follow_up_on="2026-04-05",
    )
    response = _client(users["caseworker"]).post(
        f"/api/v1/screening/targets/{target.pk}/visits", payload, content_type=J
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["round_number"], body["visitor"]) == (1, "wang_caseworker")
    record = KeyHousehold.objects.get(pk=body["key_household_id"])
    assert record.help_plan == "每周电话回访，每月上门"
    entry = AuditEntry.objects.get(object_type="screening.visit")
    assert (entry.channel, entry.object_id) == ("api", str(body["id"]))


def test_a_visit_with_errors_answers_422_in_chinese_and_writes_nothing(users, running):
    target = running.target(running.households[0])
    response = _client(users["caseworker"]).post(
        f"/api/v1/screening/targets/{target.pk}/visits",
        _visit_payload(outcome="placed_under_tracked_help", situation=""),
        content_type=J,
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["situation"] == ["请填写走访情况"]
    assert not Visit.objects.exists()


def test_outsiders_and_auditors_cannot_record_visits(users, running):
    url = f"/api/v1/screening/targets/{running.target(running.households[0]).pk}/visits"
    assert (
        _client(users["caseworker_b"]).post(url, _visit_payload(), content_type=J).status_code
        == 404
    )
    assert _client(users["auditor"]).post(url, _visit_payload(), content_type=J).status_code == 403
    assert not Visit.objects.exists()


@pytest.fixture
def placed(users, running) -> KeyHousehold:
    return key_household_place(
        actor=users["caseworker"],
        household=running.households[1],
        plan=Placement("重病", "协调医疗救助", D(2026, 4, 1)),
        started_on=D(2026, 3, 3),
    )


def test_key_households_show_which_follow_ups_are_overdue(users, placed):
    body = _client(users["township"]).get("/api/v1/screening/key-households").json()
    assert body["count"] == 1
    assert body["items"][0]["overdue"] is (D(2026, 4, 1) < timezone.localdate())
    overdue = _client(users["township"]).get("/api/v1/screening/key-households", {"overdue": True})
    assert overdue.json()["count"] == 1
    assert (
        _client(users["caseworker_b"]).get("/api/v1/screening/key-households").json()["count"] == 0
    )


def test_a_follow_up_is_recorded_and_audited(users, placed):
    today = timezone.localdate()
    response = _client(users["caseworker"]).post(
        f"/api/v1/screening/key-households/{placed.pk}/follow-ups",
        {
            "followed_on": today.isoformat(),
            "method": "phone",
            "note": "医疗救助已到账",
            "next_follow_up_on": (today + dt.timedelta(days=30)).isoformat(),
        },
        content_type=J,
    )
    assert response.status_code == 201, response.content
    assert FollowUp.objects.get().followed_by == users["caseworker"]
    placed.refresh_from_db()
    assert placed.next_follow_up_on == today + dt.timedelta(days=30)
    assert AuditEntry.objects.get(object_type="screening.followup").channel == "api"
