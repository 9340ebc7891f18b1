"""Household numbers are generated: the community's 12-digit code and a 6-digit serial."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from minzheng.core import services
from minzheng.core.household_numbers import household_number_check, household_number_next
from minzheng.core.models import Area, Household
from tests.factories import AREAS, PersonFactory

pytestmark = pytest.mark.django_db


def _create(user, number=None):
    head = PersonFactory(area_id=AREAS["community_a1"])
    return services.household_create(
        actor=user,
        area_code=AREAS["community_a1"],
        address="和平路1号",
        head=head,
        since=dt.date(2026, 11, 2),
        number=number,
    )


def test_numbers_count_up_per_community(users):
    first, second = _create(users["caseworker"]), _create(users["caseworker"])
    assert (first.number, second.number) == ("320302001001000001", "320302001001000002")
    other = Area.objects.get(code=AREAS["community_a2"])
    assert household_number_next(other) == "320302001002000001"


def test_the_serial_starts_after_numbers_already_stored(users, areas):
    head = PersonFactory(area_id=AREAS["community_a1"])
    Household.objects.create(
        number="320302001001000417", area_id=AREAS["community_a1"], address="x", head=head
    )
    assert _create(users["caseworker"]).number == "320302001001000418"


def test_a_number_taken_by_an_import_later_is_skipped(users):
    assert _create(users["caseworker"]).number == "320302001001000001"
    head = PersonFactory(area_id=AREAS["community_a1"])
    Household.objects.create(  # written by the Excel import, which bypasses the serial
        number="320302001001000002", area_id=AREAS["community_a1"], address="x", head=head
    )
    assert _create(users["caseworker"]).number == "320302001001000003"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("新户001", "家庭编号应为18位数字"),
        ("32030200100100001", "家庭编号应为18位数字"),
        ("320303001001000001", "应以所属村（社区）的区划代码320302001001开头"),
    ],
)
def test_a_number_given_from_outside_must_have_the_structure(users, number, message):
    with pytest.raises(ValidationError) as refused:
        _create(users["caseworker"], number)
    assert message in str(refused.value.message_dict["number"])


def test_a_well_formed_number_from_outside_is_kept(users, areas):
    area = Area.objects.get(code=AREAS["community_a1"])
    assert household_number_check(" 320302001001000099 ", area) == "320302001001000099"
    assert _create(users["caseworker"], "320302001001000099").number == "320302001001000099"


def test_the_api_generates_the_number_when_none_is_given(users, client):
    head = PersonFactory(area_id=AREAS["community_a1"])
    client.force_login(users["caseworker"])
    response = client.post(
        "/api/v1/core/households",
        {
            "area_code": AREAS["community_a1"],
            "address": "和平路3号",
            "head_person_id": head.pk,
            "since": "2026-11-02",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["number"] == "320302001001000001"
    refused = client.post(
        "/api/v1/core/households",
        {
            "number": "新户001",
            "area_code": AREAS["community_a1"],
            "address": "和平路3号",
            "head_person_id": PersonFactory(area_id=AREAS["community_a1"]).pk,
            "since": "2026-11-02",
        },
        content_type="application/json",
    )
    assert refused.status_code == 422 and "家庭编号" in refused.json()["detail"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="concurrent writers need a server database (SQLite serialises them anyway)",
)
def test_concurrent_registrations_never_share_a_number(users):
    """Eight households at once in one community (PostgreSQL): eight different numbers."""
    heads = [PersonFactory(area_id=AREAS["community_a1"]) for _ in range(8)]

    def create(head):
        try:
            return services.household_create(
                actor=users["caseworker"],
                area_code=AREAS["community_a1"],
                address="和平路1号",
                head=head,
                since=dt.date(2026, 11, 2),
            ).number
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(create, heads))
    assert sorted(numbers) == [f"320302001001{n:06d}" for n in range(1, 9)]
