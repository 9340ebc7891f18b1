"""Scoped reads of the elderly-services pages (D0.3): facilities, canteens, meal records
and the stored coverage figures of the latest measurement."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from minzheng.core.models import Area, User
from minzheng.core.roles import Capability
from minzheng.elderly.models import (
    CoverageFigure,
    CoverageRun,
    Facility,
    FacilityKind,
    MealRecord,
    MealRefusal,
    Settlement,
)

CHILD_LEVEL = {"city": "county", "county": "township", "township": "community"}


def facilities_visible(
    user: User, capability: Capability = Capability.VIEW_PERSONAL
) -> QuerySet[Facility]:
    return Facility.objects.visible_to(user, capability).select_related(
        "operator", "parent", "area"
    )


def canteens_of(user: User) -> list[tuple[int, str]]:
    """(pk, name) of the canteens serving in the user's area, for the meal forms."""
    rows = facilities_visible(user).filter(status="open")
    return [
        (f.pk, f.name) for f in rows if f.kind == FacilityKind.CANTEEN or "meals" in f.services
    ]


def meals_visible(user: User) -> QuerySet[MealRecord]:
    return MealRecord.objects.visible_to(user).select_related("person", "canteen")


def refusals_visible(user: User) -> QuerySet[MealRefusal]:
    return MealRefusal.objects.visible_to(user).select_related("canteen")


def settlements_visible(user: User) -> QuerySet[Settlement]:
    return Settlement.objects.visible_to(user).select_related("canteen")


def latest_run(user: User) -> CoverageRun | None:
    """The latest measurement that covers the whole of the user's area."""
    return latest_run_for(user.scope_prefix)


def latest_run_for(prefix: str) -> CoverageRun | None:
    """The latest measurement that covers the whole of the area under `prefix`."""
    for run in CoverageRun.objects.all()[:100]:
        if prefix.startswith(run.area_prefix):
            return run
    return None


@dataclass(frozen=True)
class CoverageRow:
    area_code: str
    name: str
    elderly: int
    covered: int

    @property
    def uncovered(self) -> int:
        return self.elderly - self.covered

    @property
    def percent(self) -> str:
        return f"{100 * self.covered / self.elderly:.1f}%" if self.elderly else "—"


def coverage_rows(
    user: User, run: CoverageRun, *, level: str, prefix: str, kind: str, group: str
) -> list[CoverageRow]:
    """Figures of one level beneath `prefix`, within the user's reach, by area code."""
    figures = (
        CoverageFigure.objects.visible_to(user, Capability.VIEW_DASHBOARD)
        .filter(run=run, level=level, kind=kind, group=group, area_code__startswith=prefix)
        .order_by("area_code")
    )
    names = dict(
        Area.objects.filter(code__in=[f.area_code for f in figures]).values_list("code", "name")
    )
    return [
        CoverageRow(f.area_code, names.get(f.area_code, f.area_code), f.elderly, f.covered)
        for f in figures
    ]


def uncovered_places(
    user: User, run: CoverageRun, *, prefix: str, kind: str, group: str, limit: int = 20
) -> list[CoverageRow]:
    """Communities by people left outside the circle, most first."""
    rows = coverage_rows(user, run, level="community", prefix=prefix, kind=kind, group=group)
    return sorted((r for r in rows if r.uncovered > 0), key=lambda r: (-r.uncovered, r.area_code))[
        :limit
    ]
