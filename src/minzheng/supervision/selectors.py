"""Scoped reads of findings and the platforms' aggregates (D0.3: a finding outside the
user's area is not found, never revealed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, Substr
from django.http import Http404

from minzheng.core import workdays
from minzheng.core.audit import audit_read
from minzheng.core.config import config_int
from minzheng.core.models import Area, AreaLevel, User
from minzheng.supervision.models import OPEN_STATES, Finding, FindingQuerySet

ZERO = Decimal("0.00")
CHILD_LENGTH = {AreaLevel.CITY: 6, AreaLevel.COUNTY: 9, AreaLevel.TOWNSHIP: 12}


def findings_visible(user: User) -> FindingQuerySet:
    return Finding.objects.visible_to(user).select_related(
        "person", "area", "assigned_to", "recovery"
    )


def finding_for_reading(user: User, pk: int, *, log: bool = True) -> Finding:
    finding = findings_visible(user).filter(pk=pk).first()
    if finding is None:
        raise Http404("未找到该监管问题，或不在您的管辖区域内")
    if log:
        audit_read(actor=user, obj=finding, summary=f"查看监管问题：{finding}")
    return finding


def overdue(qs: FindingQuerySet, today: dt.date) -> FindingQuerySet:
    """Still open and past the step's deadline (working days, set at each step)."""
    return qs.filter(status__in=OPEN_STATES, deadline__lt=today)


def with_deadline_status(user: User, rows: list[Finding], today: dt.date) -> list[tuple[Any, Any]]:
    calendar = workdays.get_calendar()
    soon = config_int("supervision.finding.due_soon_working_days", on=today, area=user.area)
    return [
        (
            f,
            workdays.deadline_status(calendar, f.deadline, today, soon)
            if f.deadline and f.status in OPEN_STATES
            else None,
        )
        for f in rows
    ]


@dataclass(frozen=True)
class Totals:
    found: int
    open: int
    at_risk: Decimal
    recovered: Decimal


def _totals(row: dict[str, Any]) -> Totals:
    """Money to the fen whatever the database returns (SQLite drops the scale)."""
    cent = Decimal("0.01")
    return Totals(
        row["found"],
        row["open"],
        Decimal(row["at_risk"]).quantize(cent),
        Decimal(row["recovered"]).quantize(cent),
    )


_SUMS = {
    "found": Count("id"),
    "open": Count("id", filter=Q(status__in=OPEN_STATES)),
    # Money at risk of the findings not judged false alarms.
    "at_risk": Coalesce(Sum("amount_at_risk", filter=~Q(status="false_alarm")), ZERO),
    "recovered": Coalesce(Sum("recovery__recovered"), ZERO),
}


def totals(qs: FindingQuerySet) -> Totals:
    return _totals(qs.order_by().aggregate(**_SUMS))


def by_child_area(qs: FindingQuerySet, area: Area) -> dict[str, Totals]:
    """The totals of each area one level beneath `area` (one grouped query)."""
    length = CHILD_LENGTH.get(AreaLevel(area.level))
    if length is None:
        return {}
    rows = (
        qs.order_by()
        .annotate(child=Substr("area_id", 1, length))
        .values("child")
        .annotate(**_SUMS)
    )
    return {r["child"]: _totals(r) for r in rows}


def by_month(qs: FindingQuerySet, months: list[str]) -> dict[str, Totals]:
    """The totals by the first month concerned (YYYY-MM), for the months asked."""
    rows = qs.order_by().filter(first_month__in=months).values("first_month").annotate(**_SUMS)
    return {r["first_month"]: _totals(r) for r in rows}
