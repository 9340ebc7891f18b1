"""Recording a person's SMS opt-out (短信退订, docs/portal.md): only reminders may be
refused (portal.events: 办理时限提醒, 待遇资格认证提醒); a decision must reach the person
(D1.8); in the recorder's area only (D0.3); audited, once per person and event."""

from __future__ import annotations

import pytest
from django.test import Client

from minzheng.core.models import AuditEntry
from minzheng.portal.models import OptOut
from tests.factories import AREAS, PersonFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_reminder_opt_out_is_recorded_once_and_audited(users):
    person = PersonFactory(area_id=AREAS["community_a1"])
    client = _client(users["caseworker"])
    url = f"/portal/persons/{person.pk}/opt-out/"
    assert client.post(url, {"event": "proof_of_life"}).status_code == 302
    assert client.post(url, {"event": "proof_of_life"}).status_code == 302  # again: one row
    assert list(OptOut.objects.filter(person=person).values_list("event", flat=True)) == [
        "proof_of_life"
    ]
    assert AuditEntry.objects.filter(object_type="portal.optout", action="create").count() == 1
    page = client.get(url).content.decode()
    assert "待遇资格认证提醒" in page
    assert url in client.get(f"/persons/{person.pk}/").content.decode()  # linked from the person


def test_a_decision_cannot_be_refused_and_the_field_is_named(users):
    person = PersonFactory(area_id=AREAS["community_a1"])
    response = _client(users["caseworker"]).post(
        f"/portal/persons/{person.pk}/opt-out/", {"event": "decision"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'data-field="event"' in page and "必须送达本人" in page
    assert not OptOut.objects.exists()
    unknown = _client(users["caseworker"]).post(
        f"/portal/persons/{person.pk}/opt-out/", {"event": "x" * 500}
    )
    assert unknown.status_code == 422


def test_outside_the_area_is_not_found_and_the_leader_may_not(users):
    person = PersonFactory(area_id=AREAS["community_b1"])
    url = f"/portal/persons/{person.pk}/opt-out/"
    assert _client(users["caseworker"]).post(url, {"event": "deadline"}).status_code == 404
    assert _client(users["leader"]).get(url).status_code == 403
    assert not OptOut.objects.exists()
