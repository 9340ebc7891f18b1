"""The scheduled nightly monitoring run (huey periodic task)."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from minzheng.analytics.cli import last_month
from minzheng.warning.pipeline import WarningRun, warning_run


@db_periodic_task(crontab(**settings.WARNING_NIGHTLY))
@lock_task("warning-nightly")  # a run still going when the next one is due is not doubled
def nightly_warning_run() -> WarningRun:
    return warning_run(period=last_month())
