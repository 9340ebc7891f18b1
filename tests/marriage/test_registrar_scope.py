"""The registrars' reach (D0.3) with the duty 婚姻登记员: a township, a county and a city
account holding it see and act on the registries' cases of their own area and beneath
it, and on nothing else (404 outside it, so existence is not revealed). The places and
the expected reach are the scope matrix's, written by hand there."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client

from minzheng.core.duties import duty_grant
from minzheng.core.models import User
from minzheng.core.roles import Role
from minzheng.marriage.duties import REGISTRAR
from tests.core.matrix_base import PLACES, ROLE_AREAS, _foreign_tree
from tests.core.test_scope_matrix import REACHES
from tests.factories import make_areas, make_user
from tests.marriage.matrix import MarriagePlace, marriage_place

HOLDERS = (Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER, Role.CITY_ADMIN)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[tuple[dict, dict]]:
    with django_db_blocker.unblock(), transaction.atomic():
        make_areas()
        _foreign_tree()
        users = {
            role: make_user(f"registrar_{role}", role, ROLE_AREAS[role], duties=(REGISTRAR,))
            for role in HOLDERS
        }
        places = {place: marriage_place(code) for place, code in PLACES.items()}
        yield users, places
        transaction.set_rollback(True)


DETAILS = {
    "registration page": lambda m: f"/marriage/registrations/{m.received.pk}/",
    "divorce page": lambda m: f"/marriage/divorces/{m.divorce.pk}/",
    "certificate PDF": lambda m: f"/marriage/certificates/{m.certificate.pk}/record.pdf",
    "registration API": lambda m: f"/api/v1/marriage/registrations/{m.received.pk}",
    "divorce API": lambda m: f"/api/v1/marriage/divorces/{m.divorce.pk}",
}


@pytest.mark.django_db
@pytest.mark.parametrize("place", list(PLACES))
@pytest.mark.parametrize("route", list(DETAILS))
@pytest.mark.parametrize("role", HOLDERS, ids=str)
def test_a_registrar_reads_exactly_the_cases_of_their_area(world, role, route, place):
    users, places = world
    client = Client()
    client.force_login(users[role])
    response = client.get(DETAILS[route](places[place]))
    assert response.status_code == (200 if place in REACHES[role] else 404)


@pytest.mark.django_db
@pytest.mark.parametrize("place", list(PLACES))
@pytest.mark.parametrize("role", HOLDERS, ids=str)
def test_a_registrar_lists_and_registers_exactly_in_their_area(world, role, place):
    users, places = world
    m: MarriagePlace = places[place]
    client = Client()
    client.force_login(users[role])
    listed = client.get("/api/v1/marriage/divorces?page_size=100").json()["items"]
    assert any(i["id"] == m.divorce.pk for i in listed) is (place in REACHES[role])
    response = client.post(f"/marriage/registrations/{m.received.pk}/act/register/")
    m.received.refresh_from_db()
    assert (m.received.status == "registered") is (place in REACHES[role])
    assert response.status_code == (302 if place in REACHES[role] else 404)


@pytest.mark.django_db
def test_only_township_county_and_city_accounts_may_hold_the_duty(world):
    admin = make_user("duty_admin", Role.CITY_ADMIN, "320300")
    for role in (Role.CASEWORKER, Role.AUDITOR, Role.LEADER):
        user = make_user(f"no_registrar_{role}", role, ROLE_AREAS[role])
        with pytest.raises(ValidationError):
            duty_grant(actor=admin, user=user, code=REGISTRAR)
        assert not user.has_duty(REGISTRAR)
    for role in HOLDERS:
        user: User = make_user(f"new_registrar_{role}", role, ROLE_AREAS[role])
        duty_grant(actor=admin, user=user, code=REGISTRAR)
        assert user.has_duty(REGISTRAR)
