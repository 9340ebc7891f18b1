"""The nightly identity self-match (huey periodic task; `minzheng identity_selfmatch`
does the same by hand)."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from minzheng.identity.services import SelfMatchReport, self_match


@db_periodic_task(crontab(**settings.IDENTITY_NIGHTLY))
@lock_task("identity-nightly")  # a run still going when the next one is due is not doubled
def nightly_self_match() -> SelfMatchReport:
    return self_match()
