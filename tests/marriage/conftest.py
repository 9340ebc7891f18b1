"""Marriage fixtures: the areas, the example settings, a registry of 鼓楼区 (county_a)
and its registrar (a county account holding the duty 婚姻登记员), and residents with
exact birth dates typed in (D0.1: the 17th digit odd for men)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from minzheng.core import idnumber
from minzheng.core.models import Household, HouseholdMembership, Person, User
from minzheng.core.settings_write import seed_examples
from minzheng.marriage.duties import REGISTRAR
from minzheng.marriage.models import Registry
from minzheng.marriage.services.registrations import marriage_receive
from tests.factories import AREAS, make_areas, make_user

D = dt.date
_sequence = itertools.count(1)


@pytest.fixture
def areas(db):
    areas = make_areas()
    seed_examples(apps=["marriage"])
    return areas


@pytest.fixture
def registry(areas) -> Registry:
    return Registry.objects.create(code="32030201", name="鼓楼区婚姻登记处", area_id="320302")


@pytest.fixture
def registrar(areas) -> User:
    return make_user("registrar", "county_approver", AREAS["county_a"], duties=(REGISTRAR,))


def resident(born: D, male: bool, name: str = "", area: str = AREAS["community_a1"]) -> Person:
    n = next(_sequence)
    number = idnumber.make("320305", born, (2 * n + (1 if male else 0)) % 1000)
    return Person.objects.create(id_number=number, name=name or f"居民{n}", area_id=area)


def receive(registrar, registry, a: Person, b: Person, day: D, signed: bool = True):
    """A marriage application of `a` and `b` received at `registry` on `day`."""
    return marriage_receive(
        actor=registrar,
        registry=registry,
        party_a_name=a.name,
        party_a_id_number=a.id_number,
        party_b_name=b.name,
        party_b_id_number=b.id_number,
        declaration_signed=signed,
        today=day,
    )


def household_of(head: Person, **members: Person) -> Household:
    """A household with `head` and members keyed by their relation to the head."""
    household = Household.objects.create(
        number=f"H{head.pk:08d}", area_id=head.area_id, head=head, address="测试路1号"
    )
    HouseholdMembership.objects.create(
        household=household, person=head, relation="head", valid_from=D(2020, 1, 1)
    )
    for relation, person in members.items():
        HouseholdMembership.objects.create(
            household=household, person=person, relation=relation.rstrip("0123456789"),
            valid_from=D(2020, 1, 1),
        )  # fmt: skip
    return household
