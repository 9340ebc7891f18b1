"""Core's scheduled work (huey): sealing pending audit entries every minute, the hourly
signed audit checkpoint, verification runs
started from the audit page when the chain is too long to verify within a request, and
the dashboards' nightly population figures."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from minzheng.core.audit_anchor import Checkpoint
from minzheng.core.audit_chain import ChainBroken, chain_checkpoint
from minzheng.core.audit_runs import verification_in_background
from minzheng.core.audit_seal import seal_pending
from minzheng.core.figures import (
    TREND_MONTHS,
    area_figures_refresh,
    area_month_figures_refresh,
    months_back,
)
from minzheng.core.panel_figures import area_panel_figures_refresh

# registered with huey
__all__ = ["audit_checkpoint_hourly", "audit_seal_minutely", "verification_in_background"]

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
@lock_task("audit-seal")
def audit_seal_minutely() -> bool:
    """Seal audit entries left pending (normally sealed right after their writer's commit;
    this catches a writer that stopped in between). docs/audit.md "Sealing"."""
    return seal_pending()


@db_periodic_task(crontab(**settings.AUDIT_CHECKPOINT_EVERY))
@lock_task("audit-checkpoint")
def audit_checkpoint_hourly() -> Checkpoint | None:
    try:
        return chain_checkpoint()
    except ChainBroken as exc:
        # Never sign a broken chain; the error log is the operator's alarm.
        log.error("审计日志已被改动，未写检查点：%s", exc)
        return None


@db_periodic_task(crontab(**settings.FIGURES_NIGHTLY))
@lock_task("figures-nightly")
def nightly_area_figures() -> int:
    """The dashboards' population figures as of today, the monthly series of the
    months the dashboards draw and the domains' panels (core/figures.py,
    core/panel_figures.py, docs/dashboards.md)."""
    today = timezone.localdate()
    months = months_back(today, TREND_MONTHS)
    area_month_figures_refresh(first=months[0], last=months[-1])
    area_panel_figures_refresh()
    return area_figures_refresh(on=today)
