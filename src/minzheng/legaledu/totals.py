"""Totals of legal education for the dashboard and the pages: activities and people
reached (the article's 12,000 at one legal fair, D12), plans and their completion.
Figures only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from minzheng.core.extensions import DashboardPanel, Figure, PanelRows, PanelValues
from minzheng.core.panel_figures import by_area
from minzheng.legaledu.models import STUDY_KINDS, Activity, ActivityKind, StudyPlan


@dataclass(frozen=True)
class PlanProgress:
    plan: StudyPlan
    held: int

    @property
    def done(self) -> bool:
        return self.held >= self.plan.planned_sessions


def plan_progress(plans: list[StudyPlan]) -> list[PlanProgress]:
    """Each plan with the study sessions its unit held that year (one query)."""
    if not plans:
        return []
    held = (
        Activity.objects.filter(
            kind__in=STUDY_KINDS,
            area_id__in={p.area_id for p in plans},
            held_on__year__in={p.year for p in plans},
        )
        .values("area_id", "held_on__year")
        .annotate(n=Count("id"))
    )
    counts = {(r["area_id"], r["held_on__year"]): r["n"] for r in held}
    return [PlanProgress(p, counts.get((p.area_id, p.year), 0)) for p in plans]


@dataclass(frozen=True)
class Totals:
    activities: int
    participants: int
    fair_participants: int
    plans: int
    plans_done: int


def totals(prefix: str, year: int) -> Totals:
    activities = Activity.objects.within_prefix(prefix).filter(held_on__year=year)
    sums = activities.aggregate(
        n=Count("id"),
        people=Sum("participant_count"),
        fair=Sum("participant_count", filter=Q(kind=ActivityKind.LEGAL_FAIR)),
    )
    plans = list(StudyPlan.objects.within_prefix(prefix).filter(year=year))
    return Totals(
        activities=sums["n"],
        participants=sums["people"] or 0,
        fair_participants=sums["fair"] or 0,
        plans=len(plans),
        plans_done=sum(p.done for p in plan_progress(plans)),
    )


def _panel_numbers(today: dt.date, now: dt.datetime) -> PanelRows:
    """This year's activities and people reached (at legal fairs too), where they were
    held; this year's study plans and those completed, in the unit's area."""
    yield from by_area(
        Activity.objects.filter(held_on__year=today.year),
        key="legaledu",
        activities=Count("id"),
        participants=Sum("participant_count"),
        fair=Sum("participant_count", filter=Q(kind=ActivityKind.LEGAL_FAIR)),
    )
    for progress in plan_progress(list(StudyPlan.objects.filter(year=today.year))):
        yield progress.plan.area_id, "legaledu.plans", Decimal(1)
        yield progress.plan.area_id, "legaledu.plans_done", Decimal(progress.done)


def _show(v: PanelValues) -> list[Figure]:
    return [
        Figure(f"{v.as_of.year}年普法学法活动（场）", v.count("legaledu.activities")),
        Figure("参加人次", f"{int(v['legaledu.participants']):,}"),
        Figure("其中普法宣传参加人次", f"{int(v['legaledu.fair']):,}"),
        Figure(
            "学法计划完成（单位）", f"{v.count('legaledu.plans_done')}/{v.count('legaledu.plans')}"
        ),
    ]


PANEL = DashboardPanel("legaledu", "普法学法", _panel_numbers, _show)
