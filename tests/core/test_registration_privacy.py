"""Issue 7, item 1: an ID number or household number must not reveal a stranger's
name and community. Outside the user's area the answer only says the number is
registered elsewhere (the Excel import's wording) and the attempt is audited;
inside the area the existing record may be named (D0.3 scope)."""

import datetime as dt

import pytest
from django.test import Client

from minzheng.core.models import AuditEntry, Household, Person
from tests.factories import AREAS, PersonFactory, make_household

pytestmark = pytest.mark.django_db
J = "application/json"
ELSEWHERE_ID = "该身份证号码已在您管辖区域以外登记，请与登记地核实"
ELSEWHERE_HOUSEHOLD = "该家庭编号已在您管辖区域以外登记，请与登记地核实"


@pytest.fixture
def wang(users):
    """王, the caseworker of community 320302001001 (county A)."""
    client = Client()
    client.force_login(users["caseworker"])
    return client


@pytest.fixture
def stranger():
    """王敏, registered in county B, which 王 cannot see."""
    return PersonFactory(name="王敏", area_id=AREAS["community_b1"])


def _refusals():
    return AuditEntry.objects.filter(summary__startswith="登记被拒绝")


def test_api_person_registered_elsewhere_says_only_that_and_is_audited(wang, stranger):
    response = wang.post(
        "/api/v1/core/persons",
        {"id_number": stranger.id_number, "name": "李四", "area_code": AREAS["community_a1"]},
        content_type=J,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"id_number": [ELSEWHERE_ID]}
    assert "王敏" not in response.content.decode() and "测试社区" not in response.content.decode()
    entry = _refusals().get()
    assert (entry.actor_username, entry.channel) == ("wang_caseworker", "api")
    assert (entry.object_type, entry.object_id) == ("core.person", str(stranger.pk))
    assert stranger.id_number not in entry.summary  # masked in the trail too
    assert stranger.id_number[-4:] in entry.summary
    assert Person.objects.count() == 1


def test_api_person_registered_in_the_area_is_named_without_audit(wang):
    neighbour = PersonFactory(name="赵敏", area_id=AREAS["community_a1"])
    response = wang.post(
        "/api/v1/core/persons",
        {"id_number": neighbour.id_number, "name": "李四", "area_code": AREAS["community_a1"]},
        content_type=J,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "id_number": ["身份证号码已登记：赵敏（测试社区001），不能重复登记"]
    }
    assert not _refusals().exists()


def test_web_person_form_registered_elsewhere_says_only_that_and_is_audited(wang, stranger):
    response = wang.post(
        "/persons/new/",
        {"id_number": stranger.id_number, "name": "李四", "area_code": AREAS["community_a1"]},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert ELSEWHERE_ID in page and "王敏" not in page
    assert _refusals().get().channel == "web"


def test_web_person_form_registered_in_the_area_names_the_record(wang):
    neighbour = PersonFactory(name="赵敏", area_id=AREAS["community_a1"])
    response = wang.post(
        "/persons/new/",
        {"id_number": neighbour.id_number, "name": "李四", "area_code": AREAS["community_a1"]},
    )
    assert response.status_code == 422
    assert "身份证号码已登记：赵敏（测试社区001）" in response.content.decode()
    assert not _refusals().exists()


def _household_payload(number: str, head: Person) -> dict:
    return {
        "number": number,
        "area_code": AREAS["community_a1"],
        "address": "和平路2号",
        "head_person_id": head.pk,
        "since": "2026-01-05",
    }


def test_api_household_number_taken_elsewhere_says_only_that_and_is_audited(wang):
    theirs = make_household(area_code=AREAS["community_b1"], size=1)
    head = PersonFactory(area_id=AREAS["community_a1"])
    response = wang.post(
        "/api/v1/core/households", _household_payload(theirs.number, head), content_type=J
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"number": [ELSEWHERE_HOUSEHOLD]}
    assert "测试社区" not in response.content.decode()
    entry = _refusals().get()
    assert (entry.object_type, entry.object_id) == ("core.household", str(theirs.pk))
    assert Household.objects.count() == 1


def test_api_household_number_taken_in_the_area_is_named(wang):
    ours = make_household(area_code=AREAS["community_a1"], size=1)
    head = PersonFactory(area_id=AREAS["community_a1"])
    response = wang.post(
        "/api/v1/core/households", _household_payload(ours.number, head), content_type=J
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"number": [f"家庭编号{ours.number}已存在（测试社区001）"]}
    assert not _refusals().exists()


def test_web_household_form_takes_no_number_so_none_is_ever_taken(wang):
    """The web form has no number field (issue 17: numbers are generated), so a typed
    number, even one registered elsewhere, is ignored: nothing about it is revealed."""
    theirs = make_household(area_code=AREAS["community_b1"], size=1)
    head = PersonFactory(area_id=AREAS["community_a1"])
    form = {
        "address": "和平路3号",
        "head_id_number": head.id_number,
        "since": dt.date(2026, 1, 5).isoformat(),
        "area_code": AREAS["community_a1"],
    }
    response = wang.post("/households/new/", {**form, "number": theirs.number})
    assert response.status_code == 302
    created = Household.objects.get(head=head)
    assert created.number != theirs.number and created.number.startswith(AREAS["community_a1"])
    assert not _refusals().exists()
