"""The daily deemed-acceptance job (D15.2), a huey periodic task."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from minzheng.licensing.services import deemed_acceptance_run


@db_periodic_task(crontab(**settings.LICENSING_DAILY))
@lock_task("licensing-deemed-acceptance")
def daily_deemed_acceptance() -> int:
    return deemed_acceptance_run()
