"""An application's two clocks read from its rows (D15.1, D15.3): the limits copied at
acceptance plus any approved extension, started on the day of acceptance, stopped by
its pauses; counted up to today, or up to the decision once there is one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from minzheng.core.workdays import (
    DeadlineStatus,
    WorkingCalendar,
    deadline_status,
    get_calendar,
)
from minzheng.licensing.clocks import Clock, clock
from minzheng.licensing.models import LicenceApplication


@dataclass(frozen=True)
class Clocks:
    statutory: Clock | None  # None before acceptance
    promised: Clock | None

    def due_dates(self) -> tuple[dt.date | None, dt.date | None]:
        return (
            self.statutory.due if self.statutory else None,
            self.promised.due if self.promised else None,
        )


def clocks_of(
    application: LicenceApplication, today: dt.date, calendar: WorkingCalendar | None = None
) -> Clocks:
    """A list passes one calendar for all its rows (two queries, not two per row)."""
    if application.accepted_on is None or application.statutory_limit is None:
        return Clocks(None, None)
    calendar = calendar or get_calendar()
    pauses = application.pauses()
    stop = application.decided_on or today
    start = application.accepted_on

    def run(limit: int) -> Clock:
        return clock(
            calendar,
            start=start,
            limit=limit,
            pauses=pauses,
            today=stop,
            unit=application.limit_unit,
        )

    promised = (application.promised_limit or 0) + application.promised_extension_days
    return Clocks(
        statutory=run(application.statutory_limit + application.extension_days),
        promised=run(promised),
    )


def status_of(
    calendar: WorkingCalendar, due: dt.date | None, today: dt.date, due_soon_days: int
) -> DeadlineStatus | None:
    """On time / due soon / overdue of a running clock (None when paused or stopped)."""
    if due is None:
        return None
    return deadline_status(calendar, due, today, due_soon_days)


def on_time(application: LicenceApplication) -> tuple[bool, bool]:
    """Whether a decided application was decided within each of its clocks."""
    assert application.decided_on is not None
    clocks = clocks_of(application, application.decided_on)
    statutory, promised = clocks.due_dates()
    return (
        statutory is not None and application.decided_on <= statutory,
        promised is not None and application.decided_on <= promised,
    )
