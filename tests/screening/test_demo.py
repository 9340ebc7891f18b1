"""The screening demo seeder: one realistic campaign over 黄楼街道, made once.

The seeder works back from today; the tests fix today (a Monday of 2026, a year the
official calendar knows), so their expectations do not depend on the day the suite
runs. How fast it is belongs in bench/, not here."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minzheng.core import idnumber
from minzheng.core.models import Household, HouseholdMembership, Person, Relation
from minzheng.screening.demo import DEMO_NAME, DEMO_TOWNSHIP, seed_demo
from minzheng.screening.figures import campaign_figures
from minzheng.screening.models import Campaign, KeyHousehold, Visit
from tests.factories import AREAS, make_user

pytestmark = pytest.mark.django_db
TARGETS = 3_000
DIVISIONS = ("320311", "320312", "320321", "320322")
TODAY = dt.date(2026, 11, 16)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def _elderly_households(n: int) -> None:
    """`n` one-person households of people aged 70, written in bulk like the demo city."""
    born = TODAY.replace(year=TODAY.year - 70, day=1)
    people = []
    for i in range(n):  # a division code per thousand keeps every ID number unique
        person = Person(
            id_number=idnumber.make(DIVISIONS[i // 1000], born, i % 1000),
            name=f"老人{i}",
            area_id=AREAS["community_a1"] if i % 2 else AREAS["community_a2"],
        )
        person.derive_from_id_number()
        people.append(person)
    Person.objects.bulk_create(people, batch_size=2000)
    households = Household.objects.bulk_create(
        [
            Household(number=f"DEMO{i:06d}", area_id=p.area_id, address="演示路", head=p)
            for i, p in enumerate(people)
        ],
        batch_size=2000,
    )
    HouseholdMembership.objects.bulk_create(
        [
            HouseholdMembership(
                household=h, person=h.head, relation=Relation.HEAD, valid_from=dt.date(2000, 1, 1)
            )
            for h in households
        ],
        batch_size=2000,
    )


@pytest.fixture
def organiser(areas):
    return make_user("township", "township_reviewer", DEMO_TOWNSHIP)


def test_the_demo_campaign_is_made_once(organiser):
    _elderly_households(TARGETS)
    line = seed_demo()
    campaign = Campaign.objects.get(name=DEMO_NAME)
    assert campaign.status == "active" and campaign.targets.count() == TARGETS
    assert f"排查对象{TARGETS}户" in line
    visits, placed = Visit.objects.count(), KeyHousehold.objects.count()
    assert seed_demo() == ""  # idempotent
    assert (Visit.objects.count(), KeyHousehold.objects.count()) == (visits, placed)


def test_the_demo_reads_like_a_street_in_the_middle_of_its_second_round(organiser):
    _elderly_households(400)
    seed_demo()
    campaign = Campaign.objects.get(name=DEMO_NAME)
    f = campaign_figures(organiser, campaign, TODAY)
    first, second = f.rounds
    assert first.ended and not second.ended
    assert first.coverage is not None and 90 <= first.coverage < 100
    assert second.coverage is not None and 30 <= second.coverage <= 60
    assert f.identified_for_assistance > 0 and f.placed_under_tracked_help > 0
    assert KeyHousehold.objects.overdue(TODAY).exists()  # some follow-ups are late
    assert KeyHousehold.objects.filter(follow_ups__isnull=False).exists()


def test_without_the_demo_users_the_seeder_does_nothing(areas):
    assert seed_demo() == ""
    assert not Campaign.objects.exists()


def test_a_demo_city_without_elderly_people_in_the_street_gets_no_campaign(organiser):
    assert seed_demo() == ""
    assert not Campaign.objects.exists()
