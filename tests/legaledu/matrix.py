"""What the scope matrix needs of legal education in a place: an activity held there
and the place's study plan for 2026 (both lie in the place's community)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from minzheng.core.models import User
from minzheng.legaledu.models import Activity, StudyPlan


@dataclass
class LegalEducationPlace:
    activity: Activity
    plan: StudyPlan


def legaledu_place(area_code: str) -> LegalEducationPlace:
    clerk = User.objects.get_or_create(username="clerk", defaults={"role": "caseworker"})[0]
    activity = Activity.objects.create(
        kind="legal_fair",
        held_on=dt.date(2026, 3, 15),
        area_id=area_code,
        venue="社区广场",
        topic=f"矩阵普法-{area_code}",
        organiser="社区居委会",
        participant_count=120,
        recorded_by=clerk,
    )
    plan = StudyPlan.objects.create(
        area_id=area_code,
        year=2026,
        planned_sessions=4,
        content=f"矩阵计划-{area_code}",
        recorded_by=clerk,
    )
    return LegalEducationPlace(activity, plan)
