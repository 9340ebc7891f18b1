"""Registrations and divorces by month and registry (issue 12 item 5): counts only,
never a person, for the registries in the viewer's area."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from minzheng.core.extensions import Figure
from minzheng.core.models import User
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


def marriage_panel(user: User) -> tuple[str, list[Figure]]:
    """This year's figures on the dashboard."""
    today = timezone.localdate()
    rows = monthly_statistics(user, since=today.replace(month=1, day=1), until=today)
    prefix = user.scope_prefix
    pending = Divorce.objects.within_prefix(prefix).filter(status="applied").count()
    return "婚姻登记", [
        Figure(f"{today.year}年结婚登记（对）", str(sum(r.marriages for r in rows))),
        Figure(f"{today.year}年离婚登记（对）", str(sum(r.divorces for r in rows))),
        Figure("冷静期及待申领的离婚申请", str(pending)),
    ]
