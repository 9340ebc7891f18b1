"""Web forms: errors in Chinese on the named field; success goes to the record."""

import pytest
from django.test import Client

from minzheng.core.models import Person
from tests.factories import AREAS, PersonFactory, make_household

pytestmark = pytest.mark.django_db


@pytest.fixture
def wang(users):
    client = Client()
    client.force_login(users["caseworker"])
    return client


def test_a_bad_id_number_is_shown_on_its_field_in_the_htmx_partial(wang):
    response = wang.post(
        "/persons/new/",
        {"id_number": "110105194912310021", "name": "王五", "area_code": AREAS["community_a1"]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    html = response.content.decode()
    error = "身份证号码校验码错误：第18位应为X，实际为1"
    assert f'<span class="field-error" data-field="id_number">{error}</span>' in html
    assert "<html" not in html  # only the form is swapped
    assert not Person.objects.filter(name="王五").exists()


def test_a_registered_person_opens_their_page(wang):
    response = wang.post(
        "/persons/new/",
        {"id_number": "11010519491231002x", "name": "李四", "area_code": AREAS["community_a1"]},
        HTTP_HX_REQUEST="true",
    )
    person = Person.objects.get(name="李四")
    assert response.status_code == 204 and response["HX-Redirect"] == f"/persons/{person.pk}/"
    assert person.id_number == "11010519491231002X" and person.gender == "F"


def test_a_member_of_another_household_cannot_be_added(wang):
    first, second = make_household(size=1), make_household(size=1)
    assert first.head is not None
    response = wang.post(
        f"/households/{second.pk}/members/",
        {"id_number": first.head.id_number, "relation": "other", "since": "2026-11-01"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert (
        "目前是家庭" in response.content.decode() and "请先办理迁出" in response.content.decode()
    )


def test_a_person_outside_the_area_cannot_be_found_by_number(wang):
    stranger = PersonFactory(area_id=AREAS["community_b1"])
    household = make_household(size=1)
    response = wang.post(
        f"/households/{household.pk}/members/",
        {"id_number": stranger.id_number, "relation": "other", "since": "2026-11-01"},
    )
    assert response.status_code == 422
    assert "您管辖范围内没有登记该身份证号的人员" in response.content.decode()
