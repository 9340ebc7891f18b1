"""The domains' panels (number cards) of the leaders' dashboard, from precomputed rows
(issue 15 item 2, docs/dashboards.md): each declared panel gives its numbers per area
in a few grouped queries; the nightly job adds them up the division tree and replaces
every row of `AreaPanelFigure`. A dashboard then reads the rows of one area (a few
dozen), whatever the size of the city: a stock is its value at the refresh, and the
page says so ("截至 …")."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Aggregate, F, QuerySet
from django.utils import timezone

from minzheng.core.extensions import Figure, PanelValues, dashboard_panels
from minzheng.core.figures import REFRESHED, ancestor_chains
from minzheng.core.models import Area, AreaPanelFigure


@transaction.atomic
def area_panel_figures_refresh(*, now: dt.datetime | None = None) -> int:
    """Recompute every declared panel as of `now` (its day in Beijing time names "this
    year" and "this month") for every area; returns rows written."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    chains = ancestor_chains()
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for panel in dashboard_panels():
        for code, key, value in panel.compute(today, now):
            if code not in chains:
                continue  # a place outside the division tree cannot be drawn
            for area in (code, *chains[code]):
                totals[(area, key)] += value
    # The refresh is recorded even where no panel counted anything (a new installation):
    # otherwise every dashboard view would compute the panels again.
    for root in Area.objects.filter(parent__isnull=True).values_list("code", flat=True):
        totals[(root, REFRESHED)] += 0
    AreaPanelFigure.objects.all().delete()
    AreaPanelFigure.objects.bulk_create(
        (
            AreaPanelFigure(area_id=area, key=key, value=v, as_of=today, computed_at=now)
            for (area, key), v in totals.items()
        ),
        batch_size=2_000,
    )
    return len(totals)


@dataclass(frozen=True)
class Panels:
    panels: list[tuple[str, list[Figure]]]  # (title, cards) per domain
    computed_at: dt.datetime | None  # None: nothing refreshed yet (no rows at all)


def _stored(code: str) -> tuple[dict[str, Decimal], dt.date | None, dt.datetime | None]:
    rows = AreaPanelFigure.objects.filter(area_id=code).values_list(
        "key", "value", "as_of", "computed_at"
    )
    values: dict[str, Decimal] = {}
    as_of = computed_at = None
    for key, value, day, at in rows:
        as_of, computed_at = day, at
        if key != REFRESHED:
            values[key] = value
    if computed_at is None:  # nothing in this area: when was the last refresh?
        last = AreaPanelFigure.objects.order_by("-computed_at").values_list("as_of", "computed_at")
        as_of, computed_at = last.first() or (None, None)
    return values, as_of, computed_at


def panels_for(area: Area) -> Panels:
    """The panels of `area` as of the last refresh, computed now when there has been
    none (a new installation, before its first nightly run)."""
    values, as_of, computed_at = _stored(area.code)
    if computed_at is None:
        with contextlib.suppress(IntegrityError):  # another first view at the same time
            area_panel_figures_refresh()
        values, as_of, computed_at = _stored(area.code)
    stored = PanelValues(area.code, area.prefix, as_of or timezone.localdate(), values)
    return Panels([(p.title, p.show(stored)) for p in dashboard_panels()], computed_at)


def by_area(
    rows: QuerySet[Any],
    *,
    key: str,
    area: str = "area_id",
    category: str | None = None,
    **values: Aggregate,
) -> Iterator[tuple[str, str, Decimal]]:
    """A panel's numbers in one grouped query: `rows` already cut to what is counted,
    `area` the path to the row's area code; yields (area, "key.name[.category]", value)
    for each aggregate `name=Count(…)` given."""
    fields = {"panel_area": F(area)}
    if category:
        fields["panel_category"] = F(category)
    for row in rows.annotate(**fields).values(*fields).annotate(**values).order_by():
        suffix = f".{row['panel_category']}" if category else ""
        for name in values:
            yield row["panel_area"], f"{key}.{name}{suffix}", Decimal(row[name] or 0)
