"""The daily credit-list run as a huey periodic task (the command's twin)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from minzheng.organisations.services.credit import RunResult, credit_run


@db_periodic_task(crontab(**settings.ORGANISATIONS_DAILY))
@lock_task("organisations-credit-daily")
def daily_credit_run() -> RunResult:
    return credit_run(on=timezone.localdate())
