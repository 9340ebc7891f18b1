"""Assistance's daily task (huey): the applicants' time-limit reminders."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from minzheng.assistance.reminders import deadline_reminders_emit


@db_periodic_task(crontab(**settings.REMINDERS_DAILY))
@lock_task("assistance-deadline-reminders")
def daily_deadline_reminders() -> int:
    return deadline_reminders_emit(timezone.localdate())
