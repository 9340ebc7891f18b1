"""Registrations and divorces by month and registry (issue 12 item 5): counts only,
never a person, for the registries in the viewer's area."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth

from minzheng.core.extensions import DashboardPanel, Figure, PanelRows, PanelValues
from minzheng.core.models import User
from minzheng.core.panel_figures import by_area
from minzheng.marriage.models import Divorce, MarriageRegistration, Registry


@dataclass(frozen=True)
class Row:
    month: str  # YYYY-MM
    registry: str
    marriages: int
    divorces: int


def _counts(rows: object, date_field: str) -> dict[tuple[str, int], int]:
    counts: dict[tuple[str, int], int] = {}
    grouped = (
        rows.annotate(m=TruncMonth(date_field))  # type: ignore[attr-defined]
        .values("m", "registry_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in grouped:
        counts[(row["m"].strftime("%Y-%m"), row["registry_id"])] = row["n"]
    return counts


def monthly_statistics(user: User, *, since: dt.date, until: dt.date) -> list[Row]:
    """Marriages registered and divorces registered per month and registry (newest first)."""
    prefix = user.scope_prefix
    marriages = MarriageRegistration.objects.within_prefix(prefix).filter(
        status="registered", registered_on__range=(since, until)
    )
    divorces = Divorce.objects.within_prefix(prefix).filter(
        status="divorced", closed_on__range=(since, until)
    )
    m, d = _counts(marriages, "registered_on"), _counts(divorces, "closed_on")
    names = dict(Registry.objects.within_prefix(prefix).values_list("id", "name"))
    totals: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for key, n in m.items():
        totals[key][0] = n
    for key, n in d.items():
        totals[key][1] = n
    keys = sorted(totals, key=lambda k: (k[0], names.get(k[1], "")), reverse=True)
    return [Row(k[0], names.get(k[1], ""), *totals[k]) for k in keys]


def _panel_numbers(today: dt.date, now: dt.datetime) -> PanelRows:
    """This year's registrations and divorces, and divorce applications still in their
    cooling-off period or waiting to be claimed, per area."""
    year = (today.replace(month=1, day=1), today)
    yield from by_area(
        MarriageRegistration.objects.filter(status="registered", registered_on__range=year),
        key="marriage",
        married=Count("id"),
    )
    yield from by_area(
        Divorce.objects.filter(status="divorced", closed_on__range=year),
        key="marriage",
        divorced=Count("id"),
    )
    yield from by_area(
        Divorce.objects.filter(status="applied"), key="marriage", pending=Count("id")
    )


def _show(v: PanelValues) -> list[Figure]:
    year = v.as_of.year
    return [
        Figure(f"{year}年结婚登记（对）", v.count("marriage.married")),
        Figure(f"{year}年离婚登记（对）", v.count("marriage.divorced")),
        Figure("冷静期及待申领的离婚申请", v.count("marriage.pending")),
    ]


# This year's figures on the dashboard, from the rows refreshed nightly (docs/dashboards.md).
PANEL = DashboardPanel("marriage", "婚姻登记", _panel_numbers, _show)
