"""Web forms: errors in Chinese on the named field; success goes to the record."""

import pytest
from django.test import Client

from minzheng.core.models import Household, Person
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


def test_a_new_household_gets_a_generated_18_digit_number(wang):
    head = PersonFactory(area_id=AREAS["community_a1"])
    response = wang.post(
        "/households/new/",
        {
            "number": "新户001",  # no such field any more: a typed number is ignored
            "address": "和平路9号",
            "head_id_number": head.id_number,
            "since": "2026-11-02",
            "area_code": AREAS["community_a1"],
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204
    household = Household.objects.get(head=head)
    assert household.number == "320302001001000001"
    assert response["HX-Redirect"] == f"/households/{household.pk}/"


def test_registering_from_a_household_page_adds_the_person_to_it(wang):
    household = make_household(size=1)
    response = wang.post(
        f"/persons/new/?household={household.pk}",
        {
            "id_number": "11010519491231002X",
            "name": "李四",
            "area_code": AREAS["community_a1"],
            "relation": "spouse",
            "since": "2026-11-02",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/households/{household.pk}/"
    membership = household.current_members().get(person__name="李四")
    assert membership.relation == "spouse"
    page = wang.get(response["Location"]).content.decode()
    assert f"已登记李四并加入家庭{household.number}" in page  # the message, shown once


def test_registering_into_a_household_outside_the_area_is_not_found(wang):
    household = make_household(area_code=AREAS["community_b1"], size=1)
    assert wang.get(f"/persons/new/?household={household.pk}").status_code == 404
    assert wang.get("/persons/new/?household=abc").status_code == 404


def test_an_unregistered_head_is_offered_the_way_to_register(wang):
    response = wang.post(
        "/households/new/",
        {
            "address": "和平路9号",
            "head_id_number": "11010519491231002X",
            "since": "2026-11-02",
            "area_code": AREAS["community_a1"],
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert '请先<a href="/persons/new/">登记人员</a>' in response.content.decode()


def test_the_ways_in_are_linked_for_an_editor_and_hidden_from_a_reader(wang, users):
    home = wang.get("/").content.decode()
    assert 'href="/persons/new/"' in home and 'href="/households/new/"' in home
    empty = wang.get("/persons/?q=没有这个人", HTTP_HX_REQUEST="true").content.decode()
    assert 'href="/persons/new/"' in empty
    auditor = Client()
    auditor.force_login(users["auditor"])
    assert 'href="/persons/new/"' not in auditor.get("/persons/?q=x").content.decode()
