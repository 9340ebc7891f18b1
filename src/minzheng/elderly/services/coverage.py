"""Measuring the 15-minute circle from the registry (issue 14 item 3, D7.1): the homes
of living people aged 60+ that have a point (HomePoint), the facilities serving today,
the walking distance and detour factor in force; the arithmetic is
`minzheng.analytics.elderly.circle` (no Django). The figures are stored per area, kind
and group (`CoverageRun`), with the greedy suggestion of the next stations over the
communities' centres (the mean of their homes' points)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Avg
from django.utils import timezone

from minzheng.analytics.elderly import circle
from minzheng.analytics.elderly.grid import project
from minzheng.assistance.models import Enrolment
from minzheng.core import config
from minzheng.core.audit import audit_record
from minzheng.core.models import Area, AuditAction, Household, HouseholdMembership, User
from minzheng.core.roles import Capability
from minzheng.elderly.eligibility import age_on
from minzheng.elderly.models import CoverageFigure, CoverageRun, Facility, HomePoint

LAT0 = 34.26  # the projection's reference latitude (Xuzhou's centre)
PICKS = 10  # suggestions stored a run
CITY = "320300"


def current_circle(day: dt.date) -> circle.Circle:
    walk = config.config_int("elderly.circle.walk_distance_m", on=day)
    detour = config.config_typed("elderly.circle.detour_factor", on=day)
    return circle.Circle(float(walk), float(detour))  # type: ignore[arg-type]


def _homes(day: dt.date, prefix: str) -> circle.Homes:
    found = HomePoint.objects.filter(household__area__code__startswith=prefix)
    points = {p.household_id: (float(p.longitude), float(p.latitude)) for p in found}
    counts: dict[int, dict[str, int]] = {}
    living: dict[int, int] = {}
    members = HouseholdMembership.objects.filter(
        household_id__in=list(points), valid_to__isnull=True, person__life_status="alive"
    ).select_related("person", "household")
    programme_of = _programmes(day)
    for m in members:
        living[m.household_id] = living.get(m.household_id, 0) + 1
        age = age_on(m.person.birth_date, day)
        if age < 60:
            continue
        c = counts.setdefault(m.household_id, dict.fromkeys(circle.GROUPS, 0))
        c["aged60"] += 1
        c["aged80"] += age >= 80
        c["disabled"] += bool(m.person.disability_type)
        c["assisted"] += m.household_id in programme_of
    ids = sorted(counts)
    for h in ids:
        counts[h]["alone"] = counts[h]["aged60"] if living[h] == 1 else 0
    lon = np.array([points[h][0] for h in ids])
    lat = np.array([points[h][1] for h in ids])
    area = _areas(ids)
    return circle.Homes(
        project(lon, lat, LAT0),
        np.array([area[h] for h in ids], dtype=np.str_),
        {g: np.array([counts[h][g] for h in ids], dtype=np.int64) for g in circle.GROUPS},
    )


def _areas(ids: list[int]) -> dict[int, str]:
    return dict(Household.objects.filter(pk__in=ids).values_list("pk", "area_id"))


def _programmes(day: dt.date) -> set[int]:
    return set(
        Enrolment.objects.current()
        .filter(starts_on__lte=day)
        .values_list("household_id", flat=True)
    )


def _facilities(prefix: str) -> circle.Facilities:
    serving = Facility.objects.within_prefix(prefix).serving()
    rows = list(serving.values_list("longitude", "latitude", "kind"))
    lon = np.array([float(r[0]) for r in rows])
    lat = np.array([float(r[1]) for r in rows])
    xy = project(lon, lat, LAT0) if rows else np.empty((0, 2))
    return circle.Facilities(xy, np.array([r[2] for r in rows], dtype=np.str_))


def _candidates(prefix: str) -> tuple[list[str], np.ndarray]:
    rows = list(
        HomePoint.objects.filter(household__area__code__startswith=prefix)
        .values("household__area_id")
        .annotate(lon=Avg("longitude"), lat=Avg("latitude"))
        .order_by("household__area_id")
    )
    codes = [r["household__area_id"] for r in rows]
    lon = np.array([float(r["lon"]) for r in rows])
    lat = np.array([float(r["lat"]) for r in rows])
    return codes, project(lon, lat, LAT0) if rows else np.empty((0, 2))


@transaction.atomic
def coverage_measure(*, actor: User, area: Area, day: dt.date | None = None) -> CoverageRun:
    """Measure an area's subtree (the city, or a county) and store the figures (the city
    office's action). Homes and facilities outside it are left out, so a county's
    circle ends at its border (an assumption: docs/elderly.md)."""
    if not actor.can(Capability.MANAGE_CONFIG):
        raise PermissionDenied("只有市级管理员可以重新测算服务圈")
    if not actor.reaches(area.code):
        raise PermissionDenied("该区划不在您的管辖区域内")
    day = day or timezone.localdate()
    ring = current_circle(day)
    prefix = area.prefix  # the city: 3203
    homes, facilities = _homes(day, prefix), _facilities(prefix)
    masks = circle.covered_by_kind(homes, facilities, ring)
    table = circle.coverage_table(homes, masks).to_pylist()
    codes, candidates = _candidates(prefix)
    picks = circle.next_stations(homes, masks[circle.ANY], candidates, ring, PICKS)
    run = CoverageRun.objects.create(
        area_prefix=prefix,
        measured_on=day,
        walk_distance_m=int(ring.walk_m),
        detour_factor=Decimal(str(round(ring.detour, 2))),
        homes=len(homes.xy),
        facilities=len(facilities.xy),
        suggestions=[[codes[p.candidate], p.gain, p.cumulative] for p in picks],
        created_by=actor,
    )
    CoverageFigure.objects.bulk_create(
        CoverageFigure(run=run, **{**row, "area_code": row["area_code"] or CITY}) for row in table
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=run,
        area_code=area.code,
        summary=f"测算15分钟养老服务圈（{area.name}）：住户{run.homes}户，设施{run.facilities}个",
    )
    return run
