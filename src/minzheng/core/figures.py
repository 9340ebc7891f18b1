"""Dashboard population figures: refreshed in one grouped query, read per subtree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from minzheng.core.models import AreaFigures, Person

# How many digits of a community code name the viewer's children, by the viewer's
# prefix length (city → counties, county → townships, township → communities).
CHILD_DIGITS = {2: 6, 4: 6, 6: 9, 9: 12}


@dataclass(frozen=True)
class Population:
    as_of: dt.date
    computed_at: dt.datetime
    residents: int
    disabled: int
    by_child: dict[str, int]  # child area code → residents


@transaction.atomic
def area_figures_refresh(*, on: dt.date) -> int:
    """Count the living residents and disabled people of every community on `on`
    (replacing that day's rows); returns the number of communities written."""
    now = timezone.now()
    grouped = (
        Person.objects.alive()
        .values("area_id")
        .annotate(residents=Count("id"), disabled=Count("id", filter=~Q(disability_type="")))
        .order_by()
    )
    rows = [
        AreaFigures(
            area_id=g["area_id"],
            as_of=on,
            residents=g["residents"],
            disabled=g["disabled"],
            computed_at=now,
        )
        for g in grouped
    ]
    AreaFigures.objects.filter(as_of=on).delete()
    AreaFigures.objects.bulk_create(rows, batch_size=2_000)
    return len(rows)


def population_for(prefix: str, *, today: dt.date) -> Population:
    """The latest figures for the subtree under `prefix`, computed now if there are none
    yet today or before (a new installation, before its first nightly run)."""
    latest = AreaFigures.objects.filter(as_of__lte=today).order_by("-as_of").first()
    if latest is None:
        area_figures_refresh(on=today)
        latest = AreaFigures.objects.filter(as_of=today).first()
    if latest is None:  # nobody registered at all
        return Population(today, timezone.now(), 0, 0, {})
    digits = CHILD_DIGITS.get(len(prefix), 12)
    rows = AreaFigures.objects.filter(as_of=latest.as_of, area__code__startswith=prefix)
    by_child: dict[str, int] = {}
    residents = disabled = 0
    for area_id, n, d in rows.values_list("area_id", "residents", "disabled"):
        by_child[area_id[:digits]] = by_child.get(area_id[:digits], 0) + n
        residents, disabled = residents + n, disabled + d
    return Population(latest.as_of, latest.computed_at, residents, disabled, by_child)
