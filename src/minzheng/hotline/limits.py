"""Time limits of a ticket (D8.3, D8.4, D11): per category in hours or in working
days (settings `hotline.limit.hours` / `hotline.limit.working_days`), shortened for an
urgent call (`hotline.limit.urgent_hours`); the reminder and escalation days after a
missed limit. Pure functions of the settings in force and the working-day calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from minzheng.core import workdays
from minzheng.core.config import config_int, config_typed
from minzheng.core.models import Area

HOURS_KEY = "hotline.limit.hours"
WORKING_DAYS_KEY = "hotline.limit.working_days"
URGENT_HOURS_KEY = "hotline.limit.urgent_hours"
REMINDER_KEY = "hotline.reminder.working_days"
ESCALATION_KEY = "hotline.escalation.working_days"


def _map(key: str, *, on: dt.date, area: Area | None) -> dict[str, int]:
    pairs = config_typed(key, on=on, area=area)
    assert isinstance(pairs, tuple)
    return {code: int(n) for code, n in pairs}


def end_of_day(day: dt.date) -> dt.datetime:
    """A limit in working days runs to the end of its last day (Asia/Shanghai)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def due_at(
    category: str, urgency: str, received_at: dt.datetime, *, area: Area | None
) -> dt.datetime:
    """When a ticket of this category and urgency, received then, must be closed."""
    day = timezone.localtime(received_at).date()
    hours = _map(HOURS_KEY, on=day, area=area)
    if category in hours:
        due = received_at + dt.timedelta(hours=hours[category])
    else:
        days = _map(WORKING_DAYS_KEY, on=day, area=area)
        if category not in days:
            raise ValidationError({"category": "该类别未设置办理时限，请联系市级管理员"})
        due = end_of_day(workdays.add_working_days(day, days[category]))
    if urgency == "urgent":
        due = min(due, received_at + dt.timedelta(hours=config_int(URGENT_HOURS_KEY, on=day)))
    return due


@dataclass(frozen=True)
class LateSteps:
    remind_on: dt.date  # the reminder (催办): the first working day after the missed limit
    escalate_on: dt.date  # escalation (升级督办): N more working days after the reminder


def late_steps(due: dt.datetime, *, area: Area | None) -> LateSteps:
    day = timezone.localtime(due).date()
    remind_on = workdays.add_working_days(day, config_int(REMINDER_KEY, on=day, area=area))
    escalate_on = workdays.add_working_days(
        remind_on, config_int(ESCALATION_KEY, on=day, area=area)
    )
    return LateSteps(remind_on, escalate_on)
