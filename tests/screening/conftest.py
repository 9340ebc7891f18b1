"""Screening fixtures: residents with exact birth dates, households of them, and a
campaign under way over 黄楼街道 (township_a) with one round from Monday 2 March 2026."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest

from minzheng.core import idnumber
from minzheng.core.models import Household, HouseholdMembership, Person, Relation, User
from minzheng.screening.models import Campaign, CampaignTarget, Round
from minzheng.screening.population import Population
from minzheng.screening.services.campaigns import (
    campaign_activate,
    campaign_create,
    campaign_populate,
    round_open,
)
from tests.factories import AREAS

D = dt.date
DAY = D(2026, 3, 2)  # a Monday after the Spring Festival
ROUND_DAYS = 10  # round 1 therefore ends on Monday 16 March 2026
BORN = D(1980, 5, 17)
SINCE = D(2020, 1, 1)
_sequence = itertools.count(1)


def resident(area_code: str = AREAS["community_a1"], born: D = BORN, **fields) -> Person:
    """A resident born exactly on `born` (its own division code, so no clash with the
    shared factories, whose birth dates drift once a run has made 500 people)."""
    n = next(_sequence)
    return Person.objects.create(
        id_number=idnumber.make("320305", born, n % 1000),
        name=fields.pop("name", f"居民{n}"),
        area_id=area_code,
        **fields,
    )


def family(*members: Person, since: D = SINCE) -> Household:
    """A household of `members` (the first is the head) in the head's community."""
    head = members[0]
    household = Household.objects.create(
        number=f"S{next(_sequence):07d}", area_id=head.area_id, address="解放路8号", head=head
    )
    for i, person in enumerate(members):
        HouseholdMembership.objects.create(
            household=household,
            person=person,
            relation=Relation.HEAD if i == 0 else Relation.SPOUSE,
            valid_from=since,
        )
    return household


def new_campaign(
    actor: User,
    population: Population | None = None,
    area_code: str = AREAS["township_a"],
    name: str = "春季走访排查",
) -> Campaign:
    return campaign_create(
        actor=actor, name=name, area_code=area_code, population=population or Population()
    )


@dataclass
class Running:
    campaign: Campaign
    round: Round
    households: list[Household]  # three in community_a1, then one in community_a2

    def target(self, household: Household) -> CampaignTarget:
        return self.campaign.targets.get(household=household)


@pytest.fixture
def running(users) -> Running:
    """An active campaign over township_a, its list of four households, round 1 open."""
    return make_running(users)


def make_running(users) -> Running:
    """The `running` campaign, for modules outside this directory (the browser tests)."""
    households = [family(resident()) for _ in range(3)]
    households.append(family(resident(AREAS["community_a2"])))
    family(resident(AREAS["community_b1"]))  # another county: never on the list
    organiser = users["township"]
    campaign = new_campaign(organiser)
    campaign_populate(actor=organiser, campaign=campaign, on=DAY)
    first = round_open(actor=organiser, campaign=campaign, starts_on=DAY, working_days=ROUND_DAYS)
    campaign_activate(actor=organiser, campaign=campaign, today=DAY)
    return Running(campaign, first, households)
