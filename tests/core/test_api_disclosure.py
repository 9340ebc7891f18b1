"""Issue 7, item 3: API answers mask personal identifiers by default; the full
values come only from the explicit disclosure endpoint, with a reason, audited."""

import pytest
from django.test import Client

from minzheng.core.models import AuditEntry
from tests.factories import AREAS, PersonFactory, make_household

pytestmark = pytest.mark.django_db
J = "application/json"


@pytest.fixture
def wang(users):
    client = Client()
    client.force_login(users["caseworker"])
    return client


def _disclose(client, person_id, reason="核对低保申请材料"):
    return client.post(
        f"/api/v1/core/persons/{person_id}/disclosure", {"reason": reason}, content_type=J
    )


def test_no_core_answer_carries_a_full_id_number_or_phone(wang):
    household = make_household(size=2)
    head = household.head
    head.phone, head.disability_certificate = "13812345678", head.id_number + "42"
    head.save()
    bodies = [
        wang.get("/api/v1/core/persons", {"q": head.name}).content,
        wang.get(f"/api/v1/core/persons/{head.pk}").content,
        wang.get("/api/v1/core/households", {"q": household.number}).content,
        wang.get(f"/api/v1/core/households/{household.pk}").content,
    ]
    for body in bodies:
        text = body.decode()
        for member in household.memberships.select_related("person"):
            assert member.person.id_number not in text
        assert "13812345678" not in text


def test_no_response_schema_of_the_whole_api_has_a_clear_identifier(client):
    """Every domain's answers (core, assistance, screening, warning): only the
    disclosure endpoint may describe a field holding a full ID number or phone."""
    schema = client.get("/api/v1/openapi.json").json()
    clear = {"id_number", "phone", "disability_certificate", "id_card", "mobile"}
    offenders = {
        name
        for name, component in schema["components"]["schemas"].items()
        if name != "DisclosureOut"
        and clear & set(component.get("properties", {}))
        and not name.endswith("In")
        and not name.endswith("Patch")
    }
    assert offenders == set()


def test_the_disclosure_returns_full_values_and_is_audited_with_its_reason(wang):
    person = PersonFactory(name="周芳", phone="13912345678")
    response = _disclose(wang, person.pk)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "id": person.pk,
        "id_number": person.id_number,
        "phone": "13912345678",
        "disability_certificate": "",
    }
    entry = AuditEntry.objects.get(action="read", object_id=str(person.pk))
    assert entry.summary == "查看完整身份证号 周芳；事由：核对低保申请材料"
    assert (entry.actor_username, entry.channel) == ("wang_caseworker", "api")


@pytest.mark.parametrize("reason", ["", " ", "x" * 201])
def test_the_disclosure_needs_a_bounded_reason(wang, reason):
    person = PersonFactory()
    response = _disclose(wang, person.pk, reason)
    assert response.status_code == 422
    assert "reason" in response.content.decode()
    assert not AuditEntry.objects.filter(action="read").exists()


def test_the_disclosure_is_scoped_and_needs_the_viewing_role(wang, users):
    stranger = PersonFactory(area_id=AREAS["community_b1"])
    assert _disclose(wang, stranger.pk).status_code == 404
    leader = Client()
    leader.force_login(users["leader"])
    assert _disclose(leader, PersonFactory().pk).status_code == 403
    assert not AuditEntry.objects.filter(action="read").exists()


def test_the_person_page_masks_the_phone_and_discloses_it_on_request_audited(wang):
    person = PersonFactory(name="冯涛", phone="13912345678")
    page = wang.get(f"/persons/{person.pk}/").content.decode()
    assert "13912345678" not in page and "139****5678" in page
    assert person.id_number not in page
    assert wang.get(f"/persons/{person.pk}/phone/").content.decode() == "13912345678"
    entry = AuditEntry.objects.get(action="read", summary="查看完整电话 冯涛")
    assert entry.object_id == str(person.pk)
