"""Totals of legal education for the dashboard and the pages: activities and people
reached (the article's 12,000 at one legal fair, D12), plans and their completion.
Figures only."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from minzheng.core.extensions import Figure
from minzheng.core.models import User
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


def legal_education_panel(user: User) -> tuple[str, list[Figure]]:
    year = timezone.localdate().year
    t = totals(user.scope_prefix, year)
    return "普法学法", [
        Figure(f"{year}年普法学法活动（场）", str(t.activities)),
        Figure("参加人次", f"{t.participants:,}"),
        Figure("其中普法宣传参加人次", f"{t.fair_participants:,}"),
        Figure("学法计划完成（单位）", f"{t.plans_done}/{t.plans}"),
    ]
