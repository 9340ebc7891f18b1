"""Selecting a campaign's population from the registry, in SQL.

One query over current household memberships of living people, filtered by the
criteria (see `population.Population`); household size is a grouped subquery.
Nothing is loaded per person in Python but the (household, person, area) triples,
so a township of a few thousand households selects in well under a second and a
city-wide campaign stays a single scan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Q, QuerySet

from minzheng.core.models import HouseholdMembership, LifeStatus
from minzheng.screening.population import Population, born_by


@dataclass(frozen=True)
class Candidate:
    household_id: int
    person_id: int | None  # the member who met the person criteria, if there were any
    area_code: str


def _within(prefixes: Iterable[str], field: str) -> Q:
    return reduce(or_, (Q(**{f"{field}__startswith": p}) for p in prefixes))


def _households_of_size(
    prefixes: list[str], low: int | None, high: int | None
) -> QuerySet[Any, Any]:
    """Ids of households with between `low` and `high` current members (a subquery)."""
    sizes = (
        HouseholdMembership.objects.current()
        .filter(_within(prefixes, "household__area__code"))
        .values("household")
        .annotate(n=Count("id"))
    )
    if low is not None:
        sizes = sizes.filter(n__gte=low)
    if high is not None:
        sizes = sizes.filter(n__lte=high)
    return sizes.values("household")


def eligible_members(
    prefixes: list[str], population: Population, on: dt.date
) -> QuerySet[HouseholdMembership]:
    """Current memberships of living residents that meet every criterion on `on`."""
    p = population
    qs = (
        HouseholdMembership.objects.current()
        .filter(person__life_status=LifeStatus.ALIVE)
        .filter(_within(prefixes, "household__area__code"))
    )
    if p.min_age is not None:
        qs = qs.filter(person__birth_date__lte=born_by(on, p.min_age))
    if p.max_age is not None:  # aged at most N: not yet N + 1
        qs = qs.filter(person__birth_date__gt=born_by(on, p.max_age + 1))
    if p.disability_types:
        qs = qs.filter(person__disability_type__in=p.disability_types)
    if p.disability_grades:
        qs = qs.filter(person__disability_grade__in=p.disability_grades)
    if p.min_household_size is not None or p.max_household_size is not None:
        sizes = _households_of_size(prefixes, p.min_household_size, p.max_household_size)
        qs = qs.filter(household__in=sizes)
    if p.living_alone_min_age is not None:
        qs = qs.filter(person__birth_date__lte=born_by(on, p.living_alone_min_age))
        qs = qs.filter(household__in=_households_of_size(prefixes, 1, 1))
    return qs


def candidates(prefixes: list[str], population: Population, on: dt.date) -> Iterator[Candidate]:
    """One candidate per household (its first qualifying member), in household order."""
    rows = (
        eligible_members(prefixes, population, on)
        .order_by("household_id", "person_id")
        .values_list("household_id", "person_id", "household__area_id")
    )
    keep_person = population.has_person_criteria
    last = None
    for household_id, person_id, area_code in rows.iterator(chunk_size=5000):
        if household_id != last:
            last = household_id
            yield Candidate(household_id, person_id if keep_person else None, area_code)
