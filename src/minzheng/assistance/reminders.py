"""办理时限提醒 (the portal's `deadline` event, docs/portal.md): the applicant of each
open application whose total time limit (D1.9) ends in `dibao.notice.deadline_reminder_days`
days is told the day, once — the daily task picks the applications due exactly that
many days ahead. The person may refuse this SMS (an opt-out); the notifier skips it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from minzheng.assistance.models import Application
from minzheng.assistance.public import applicant_tell
from minzheng.core.config import MissingSetting, config_int

REMINDER_KEY = "dibao.notice.deadline_reminder_days"


@transaction.atomic
def deadline_reminders_emit(today: dt.date) -> int:
    """Emit the day's reminders; returns how many. Without the setting, none (the city
    office has not chosen to remind)."""
    try:
        days = config_int(REMINDER_KEY, on=today)
    except MissingSetting:
        return 0
    due = today + dt.timedelta(days=days)
    applications = Application.objects.open().filter(total_deadline=due).select_related("area")
    count = 0
    for application in applications.order_by("id"):
        applicant_tell(application, "deadline", deadline=f"{due:%Y年%m月%d日}")
        count += 1
    return count
