"""People and households through the HTTP API, as named users of a role and area;
each test checks the data and the audit rows."""

import datetime as dt
import re

import pytest
from django.test import Client

from minzheng.core import idnumber
from minzheng.core.models import ApiToken, AuditEntry, HouseholdMembership, Person
from tests.factories import AREAS, PersonFactory, make_household

pytestmark = pytest.mark.django_db
J = "application/json"


@pytest.fixture
def wang(users):
    """王, the caseworker of community 320302001001."""
    client = Client()
    client.force_login(users["caseworker"])
    return client


def _new_person(client, **extra):
    payload = {
        "id_number": idnumber.make("320302", dt.date(1958, 6, 1), 31),
        "name": "李秀英",
        "area_code": AREAS["community_a1"],
        "phone": "13912345678",
        **extra,
    }
    return client.post("/api/v1/core/persons", payload, content_type=J)


def test_a_caseworker_registers_a_person_with_derived_gender_and_birth_date(wang, users):
    response = _new_person(wang)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["gender"], body["birth_date"]) == ("M", "1958-06-01")
    entry = AuditEntry.objects.get(action="create", object_type="core.person")
    assert entry.actor_username == "wang_caseworker" and entry.channel == "api"
    assert entry.after["name"] == "李秀英" and entry.area_code == AREAS["community_a1"]


def test_a_duplicate_id_number_is_refused_naming_the_existing_record(wang):
    _new_person(wang)
    response = _new_person(wang, name="别人")
    assert response.status_code == 422
    assert response.json()["errors"]["id_number"] == [
        "身份证号码已登记：李秀英（测试社区001），不能重复登记"
    ]
    assert Person.objects.count() == 1


def test_an_invalid_id_number_says_which_character_is_wrong(wang):
    response = _new_person(wang, id_number="110105194912310021")
    assert response.status_code == 422
    assert response.json()["errors"]["id_number"] == ["身份证号码校验码错误：第18位应为X，实际为1"]
    assert not AuditEntry.objects.filter(object_type="core.person").exists()


def test_a_person_cannot_be_registered_above_community_level(wang):
    response = _new_person(wang, area_code=AREAS["community_a1"][:9])
    assert response.status_code == 403  # the township is above the caseworker's area


def test_reading_a_detail_is_audited_and_both_list_and_detail_are_masked(wang, users):
    person = PersonFactory(name="赵敏", phone="13912345678")
    listing = wang.get("/api/v1/core/persons", {"q": "赵敏"}).json()
    assert listing["items"][0]["id_number_masked"].count("*") == 10
    assert "id_number" not in listing["items"][0]
    assert not AuditEntry.objects.filter(action="read").exists()
    detail = wang.get(f"/api/v1/core/persons/{person.pk}").json()
    assert "id_number" not in detail and "phone" not in detail
    assert detail["id_number_masked"] == person.id_number[:4] + "*" * 10 + person.id_number[-4:]
    assert detail["phone_masked"] == "139****5678"
    read = AuditEntry.objects.get(action="read")
    assert (read.object_id, read.actor_username) == (str(person.pk), "wang_caseworker")


def test_search_by_the_last_digits_of_the_id_number(wang):
    person = PersonFactory(name="钱多多")
    tail = person.id_number[-6:]
    items = wang.get("/api/v1/core/persons", {"q": tail}).json()["items"]
    assert [i["id"] for i in items] == [person.pk]


def test_an_update_records_before_and_after(wang):
    person = PersonFactory(phone="13900000001")
    response = wang.patch(
        f"/api/v1/core/persons/{person.pk}",
        {"phone": "13900000002", "disability_type": "physical", "disability_grade": 2},
        content_type=J,
    )
    assert response.status_code == 200, response.content
    entry = AuditEntry.objects.get(action="update")
    assert (entry.before["phone"], entry.after["phone"]) == ("13900000001", "13900000002")
    assert entry.after["disability_grade"] == 2


def test_a_disability_type_without_a_grade_is_refused_with_the_field(wang):
    person = PersonFactory()
    response = wang.patch(
        f"/api/v1/core/persons/{person.pk}", {"disability_type": "visual"}, content_type=J
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"disability_grade": ["残疾类别与残疾等级须同时填写"]}


def test_membership_changes_keep_history(wang):
    household = make_household(size=2)
    child = household.memberships.exclude(person=household.head).get()
    left = wang.post(
        f"/api/v1/core/households/{household.pk}/members/{child.pk}/leave",
        {"until": "2026-09-01", "reason": "外出上大学"},
        content_type=J,
    )
    assert left.status_code == 200, left.content
    newcomer = PersonFactory()
    joined = wang.post(
        f"/api/v1/core/households/{household.pk}/members",
        {"person_id": newcomer.pk, "relation": "spouse", "since": "2026-10-01"},
        content_type=J,
    )
    assert joined.status_code == 201, joined.content
    members = wang.get(f"/api/v1/core/households/{household.pk}").json()["members"]
    assert {(m["name"], m["valid_to"]) for m in members} == {
        (household.head.name, None),
        (child.person.name, "2026-09-01"),
        (newcomer.name, None),
    }
    assert household.members_on(dt.date(2026, 8, 1)).count() == 2
    assert household.members_on(dt.date(2026, 10, 2)).count() == 2
    assert HouseholdMembership.objects.count() == 3


def test_a_person_cannot_join_a_second_household(wang):
    first, second = make_household(size=1), make_household(size=1)
    assert first.head is not None
    response = wang.post(
        f"/api/v1/core/households/{second.pk}/members",
        {"person_id": first.head.pk, "relation": "other", "since": "2026-10-01"},
        content_type=J,
    )
    assert response.status_code == 422
    assert "请先办理迁出" in response.json()["detail"]


def test_recording_a_death_ends_the_membership(wang):
    household = make_household(size=2)
    head = household.head
    response = wang.post(
        f"/api/v1/core/persons/{head.pk}/death", {"death_date": "2026-11-01"}, content_type=J
    )
    assert response.status_code == 200, response.content
    membership = HouseholdMembership.objects.get(person=head)
    assert membership.valid_to == dt.date(2026, 11, 2) and membership.reason == "死亡"


def test_a_bearer_token_authenticates_with_the_same_scope(users):
    _, clear = ApiToken.issue(user=users["caseworker_b"], label="测试")
    own = PersonFactory(area_id=AREAS["community_b1"])
    other = PersonFactory()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {clear}")
    assert client.get(f"/api/v1/core/persons/{own.pk}").status_code == 200
    assert client.get(f"/api/v1/core/persons/{other.pk}").status_code == 404
    assert Client(HTTP_AUTHORIZATION="Bearer wrong").get("/api/v1/core/me").status_code == 401


def test_the_openapi_document_is_served_without_a_cdn(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/core/persons" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    # every script, style and link the page loads is served by us (the page's random
    # CSRF token may contain any letters, so the whole page is not searched for "cdn")
    addresses = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", docs)
    assert addresses and all(a.startswith(("/", "#")) for a in addresses), addresses
    urls = re.findall(r'"url"\s*:\s*"([^"]*)"', docs)  # the settings' JSON
    assert urls and all(u.startswith("/") for u in urls), urls
