"""Dashboard population figures: refreshed in one grouped query, read per subtree."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Aggregate, Count, F, Max, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from minzheng.core.extensions import dashboard_series
from minzheng.core.models import Area, AreaFigures, AreaMonthFigure, Person

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


# Monthly series of the leaders' dashboards (issue 15 item 2, docs/dashboards.md).
# Added beside the population figures, same idea: the nightly job writes, a view reads
# the rows of one area and its children only.
TREND_MONTHS = 12  # months a dashboard draws, the current one included
# A row of every top-level area for each month refreshed, whatever the series counted.
REFRESHED = "_refreshed"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months_back(last: dt.date, count: int) -> list[dt.date]:
    """The first days of `count` months ending with the month of `last`, oldest first."""
    months, month = [], month_start(last)
    for _ in range(count):
        months.append(month)
        month = month_start(month - dt.timedelta(days=1))
    return months[::-1]


def ancestor_chains() -> dict[str, list[str]]:
    """Each area's code → the codes of its ancestors (parent first), from one read."""
    parents = dict(Area.objects.values_list("code", "parent_id"))
    chains: dict[str, list[str]] = {}
    for code in parents:
        chain, parent = [], parents[code]
        while parent is not None and parent in parents:
            chain.append(parent)
            parent = parents[parent]
        chains[code] = chain
    return chains


@transaction.atomic
def area_month_figures_refresh(*, first: dt.date, last: dt.date) -> int:
    """Recompute every declared series for the months first…last (first days), per
    community, and add them up to every ancestor area; the months' rows are replaced.
    Returns rows written."""
    now = timezone.now()
    chains = ancestor_chains()
    totals: dict[tuple[str, str, str, dt.date], Decimal] = defaultdict(Decimal)
    for series in dashboard_series():
        for community, month, category, value in series.compute(first, last):
            if community not in chains:
                continue  # a place outside the division tree cannot be drawn
            for code in (community, *chains[community]):
                totals[(code, series.key, category, month)] += value
                if category:  # every category also counts in the series' total
                    totals[(code, series.key, "", month)] += value
    # Each month refreshed is recorded even where no series counted anything (a new
    # installation): otherwise every dashboard view would compute the months again.
    for root in Area.objects.filter(parent__isnull=True).values_list("code", flat=True):
        for month in months_between(first, last):
            totals[(root, REFRESHED, "", month)] += 0
    AreaMonthFigure.objects.filter(month__gte=first, month__lte=last).delete()
    AreaMonthFigure.objects.bulk_create(
        (
            AreaMonthFigure(
                area_id=code, series=key, category=cat, month=month, value=v, computed_at=now
            )
            for (code, key, cat, month), v in totals.items()
        ),
        batch_size=2_000,
    )
    return len(totals)


@dataclass(frozen=True)
class MonthFigures:
    """The figures of one area and its children: {(area, series, category, month): value}."""

    area: str
    children: list[str]
    months: list[dt.date]
    values: dict[tuple[str, str, str, dt.date], Decimal]
    computed_at: dt.datetime | None

    def trend(self, series: str, category: str = "", area: str = "") -> list[Decimal]:
        area = area or self.area
        return [self.values.get((area, series, category, m), Decimal(0)) for m in self.months]

    def over_window(
        self, series: str, *, stock: bool, category: str = "", area: str = ""
    ) -> Decimal:
        """A stock's level in the last month, or a flow's total over the months."""
        trend = self.trend(series, category, area)
        return trend[-1] if stock else sum(trend, Decimal(0))

    def categories(self, series: str) -> list[str]:
        return sorted({c for (a, s, c, _m) in self.values if s == series and c})


def month_figures_for(
    area: Area, *, today: dt.date, child_series: str | None = None
) -> MonthFigures:
    """The last TREND_MONTHS months of every series for `area`, and for its children
    every series or, given `child_series`, that series' totals only (all the "by area"
    chart draws: a township's dozens of communities × every series would be thousands
    of rows); computed now when this month has none yet (a new installation, before
    its first nightly run)."""
    months = months_back(today, TREND_MONTHS)
    if not AreaMonthFigure.objects.filter(month=months[-1]).exists():
        # Another first view (or the nightly job) may write them at the same moment.
        with contextlib.suppress(IntegrityError):
            area_month_figures_refresh(first=months[0], last=months[-1])
    children = list(
        Area.objects.filter(parent_id=area.code).order_by("code").values_list("code", flat=True)
    )
    of_children = Q(area_id__in=children)
    if child_series is not None:
        of_children &= Q(series=child_series, category="")
    window = AreaMonthFigure.objects.filter(month__gte=months[0], month__lte=months[-1])
    rows = window.filter(Q(area_id=area.code) | of_children).values_list(
        "area_id", "series", "category", "month", "value"
    )
    values = {(code, series, category, month): v for code, series, category, month, v in rows}
    # One refresh writes every row with the same time: read it once, not per row.
    computed_at = window.filter(area_id=area.code).aggregate(at=Max("computed_at"))["at"]
    return MonthFigures(area.code, children, months, values, computed_at)


def grouped_by_month(
    rows: QuerySet[Any],
    *,
    area: str,
    month: str,
    value: Aggregate,
    category: str | None = None,
) -> Iterator[tuple[str, dt.date, str, Decimal]]:
    """A domain series' values in one grouped query: `rows` already cut to the months
    wanted; `area` the path to the community code, `month` to a date or an aware time
    (truncated in Beijing time), `category` to a code. Yields what a series' `compute`
    returns: (community, first day of the month, category, value)."""
    fields = {"a": F(area), "m": TruncMonth(month)}
    if category:
        fields["c"] = F(category)
    grouped = rows.annotate(**fields).values(*fields).annotate(v=value).order_by()
    for row in grouped:
        m = row["m"]
        day = m.date() if isinstance(m, dt.datetime) else m
        yield row["a"], day, row.get("c", "") or "", Decimal(row["v"] or 0)


def in_force_by_month(
    rows: QuerySet[Any],
    *,
    months: list[dt.date],
    area: str,
    starts: str,
    ends: str,
    value: Aggregate,
    category: str | None = None,
) -> Iterator[tuple[str, dt.date, str, Decimal]]:
    """A stock series: rows in force in each month (started on or before its first day
    or within it, not yet ended at its first day), one grouped query per month."""
    for first in months:
        following = month_start(first + dt.timedelta(days=32))
        current = rows.filter(**{f"{starts}__lt": following}).filter(
            Q(**{f"{ends}__isnull": True}) | Q(**{f"{ends}__gt": first})
        )
        fields = {"a": F(area)}
        if category:
            fields["c"] = F(category)
        for row in current.annotate(**fields).values(*fields).annotate(v=value).order_by():
            yield row["a"], first, row.get("c", "") or "", Decimal(row["v"] or 0)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = month_start(month + dt.timedelta(days=32))
    return months
