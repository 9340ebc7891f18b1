"""Standards in force by county, with their history and the yearly rises (D1.18 十连增):
read from the same versioned settings the payments are computed with, so the public
figure is the one in force, never a copy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from minzheng.core.config import versions_in_force
from minzheng.core.divisions import CITY_CODE
from minzheng.core.models import Area, AreaLevel, ConfigValue

STANDARD_KEYS = {"dibao.standard.urban": "城市低保标准", "dibao.standard.rural": "农村低保标准"}


@dataclass(frozen=True)
class Change:
    effective_from: dt.date
    values: dict[str, Decimal | None]  # key → yuan/month in force from that day
    basis: str
    example: bool


@dataclass(frozen=True)
class YearPoint:
    year: int
    values: dict[str, Decimal | None]
    rises: dict[str, Decimal | None]


def counties() -> list[Area]:
    return list(Area.objects.filter(level=AreaLevel.COUNTY, parent_id=CITY_CODE).order_by("code"))


def public_area(code: str) -> Area | None:
    """The city or one of its counties (standards are set there, D1.18)."""
    if code in ("", CITY_CODE):
        return Area.objects.filter(code=CITY_CODE).first()
    return Area.objects.filter(code=code, level=AreaLevel.COUNTY, parent_id=CITY_CODE).first()


def _in_force(area: Area | None, on: dt.date) -> tuple[dict[str, Decimal | None], str, bool]:
    rows = versions_in_force(STANDARD_KEYS, area=area, on=on)
    values = {k: Decimal(rows[k].value) if k in rows else None for k in STANDARD_KEYS}
    latest = max(rows.values(), key=lambda r: r.effective_from, default=None)
    return values, latest.basis if latest else "", any(r.is_example for r in rows.values())


def history(area: Area | None) -> list[Change]:
    """Each day the area's standards changed (a version for the area or above it),
    with the values in force from then on; oldest first."""
    chain = [area.code, *[a.code for a in area.ancestors()]] if area else []
    days = (
        ConfigValue.objects.filter(key__in=STANDARD_KEYS)
        .filter(Q(area__isnull=True) | Q(area_id__in=chain))
        .values_list("effective_from", flat=True)
        .distinct()
    )
    changes = []
    for day in sorted(set(days)):
        values, basis, example = _in_force(area, day)
        changes.append(Change(day, values, basis, example))
    return changes


def _rise(value: Decimal | None, before: Decimal | None) -> Decimal | None:
    return value - before if value is not None and before is not None else None


def yearly(changes: list[Change], today: dt.date) -> list[YearPoint]:
    """The standard in force at the end of each year (today for this year) and its rise
    over the year before."""
    if not changes:
        return []
    points: list[YearPoint] = []
    previous: dict[str, Decimal | None] = {}
    for year in range(changes[0].effective_from.year, today.year + 1):
        end = min(dt.date(year, 12, 31), today)
        in_force = [c for c in changes if c.effective_from <= end]
        values = in_force[-1].values if in_force else dict.fromkeys(STANDARD_KEYS)
        rises = {k: _rise(v, previous.get(k)) for k, v in values.items()}
        points.append(YearPoint(year, values, rises))
        previous = values
    return points
