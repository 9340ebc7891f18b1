"""Benefits' daily task (huey): the old-age allowance's proof-of-life reminders, at the
hour of the other reminders (`REMINDERS_DAILY`)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from minzheng.benefits.proof_of_life import proof_of_life_reminders_emit


@db_periodic_task(crontab(**settings.REMINDERS_DAILY))
@lock_task("benefits-proof-of-life-reminders")
def daily_proof_of_life_reminders() -> int:
    return proof_of_life_reminders_emit(timezone.localdate())
