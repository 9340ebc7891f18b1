"""The hourly sweep of late hotline tickets (huey periodic task; D8.3 reminders and
escalation, D8.2 emergencies not escalated in time). Idempotent: each step is
recorded once per ticket, so running it every hour only acts when something is due."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from minzheng.hotline.services import SweepResult, sweep_overdue


@db_periodic_task(crontab(minute="5"))
@lock_task("hotline-overdue")
def hourly_overdue_sweep() -> SweepResult:
    from django.utils import timezone

    return sweep_overdue(timezone.now())
