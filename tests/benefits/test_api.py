"""The benefits API (/api/v1/benefits/) as named users of a role and area (D0.3): cases,
one case, a decision step through the workflow engine, recipients; names masked; bounded
inputs answer 4xx naming the field, never 500. Amounts by hand (test_disability_workflow:
234.00 and 130.00)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from minzheng.core.models import AuditEntry
from tests.benefits.helpers import act, receive, to_reviewed

pytestmark = pytest.mark.django_db
API = "/api/v1/benefits"
J = "application/json"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_cases_are_the_users_areas_and_masked(family, users, reviewer) -> None:
    app = receive(users["caseworker"], family)
    mine = _client(users["township"]).get(f"{API}/cases").json()
    assert [i["number"] for i in mine["items"]] == [app.number]
    item = mine["items"][0]
    assert item["applicant_masked"] != family.head.name and item["status"] == "received"
    assert item["status_label"] == "已登记申请"
    assert _client(users["county_b"]).get(f"{API}/cases").json()["count"] == 0
    assert _client(users["county_b"]).get(f"{API}/cases/{app.pk}").status_code == 404
    assert AuditEntry.objects.filter(object_type="benefits.disability").exists()


def test_a_decision_goes_through_the_workflow_and_the_roles(family, users, reviewer) -> None:
    app = to_reviewed(receive(users["caseworker"], family), users, reviewer)
    body = {"action": "decide", "note": ""}
    refused = _client(users["township"]).post(
        f"{API}/cases/{app.pk}/decisions", body, content_type=J
    )
    assert refused.status_code == 403
    answer = _client(users["county"]).post(f"{API}/cases/{app.pk}/decisions", body, content_type=J)
    assert answer.status_code == 200
    data = answer.json()
    assert data["status"] == "approved"
    assert {k: Decimal(str(v)) for k, v in data["amounts"].items()} == {
        "disability_living_subsidy": Decimal("234.00"),
        "disability_care_subsidy": Decimal("130.00"),
    }
    assert [h["action"] for h in data["history"]][-1] == "decide"
    recipients = _client(users["township"]).get(f"{API}/recipients").json()
    assert recipients["count"] == 2
    assert {i["programme"] for i in recipients["items"]} == {
        "disability_living_subsidy",
        "disability_care_subsidy",
    }


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/cases", {"kind": "nursing"}, "kind"),
        ("/cases", {"status": "x" * 40}, "status"),
        ("/cases", {"status": "nowhere"}, "status"),
        ("/cases", {"page_size": 100000}, "page_size"),
        ("/recipients", {"programme": "dibao"}, "programme"),
        ("/cases/99999999999999999999", {}, None),
    ],
)
def test_bounded_inputs_answer_4xx_naming_the_field(users, path, params, field) -> None:
    answer = _client(users["county"]).get(f"{API}{path}", params)
    assert 400 <= answer.status_code < 500
    if field:
        assert field in answer.json()["errors"]


def test_a_refusal_names_the_note_and_control_characters_are_refused(
    family, users, reviewer
) -> None:
    app = receive(users["caseworker"], family)
    act(app, "accept", users["township"])
    client = _client(users["township"])
    answer = client.post(
        f"{API}/cases/{app.pk}/decisions", {"action": "refuse", "note": ""}, content_type=J
    )
    assert answer.status_code == 422 and "note" in answer.json()["errors"]
    answer = client.post(
        f"{API}/cases/{app.pk}/decisions",
        {"action": "refuse", "note": "理由\x07"},
        content_type=J,
    )
    assert answer.status_code == 422 and "note" in answer.json()["errors"]
    answer = client.post(
        f"{API}/cases/{app.pk}/decisions", {"action": "launch", "note": ""}, content_type=J
    )
    assert answer.status_code == 422 and "action" in answer.json()["errors"]


def test_the_routes_are_in_the_openapi_schema(users) -> None:
    paths = _client(users["county"]).get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/benefits/cases",
        "/api/v1/benefits/cases/{pk}",
        "/api/v1/benefits/cases/{pk}/decisions",
        "/api/v1/benefits/recipients",
    } <= set(paths)
