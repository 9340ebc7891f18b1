"""The two clocks of an application (D15.1, D15.2, D15.3), in working days (D11).

A clock starts on the day of acceptance (that day not counted, as
`WorkingCalendar.add_working_days`) and runs for its limit. A pause for a hearing,
testing or expert review (D15.2, 行政许可法 art. 45) starts on the day of the written
notice — that day still counts — and ends on the day of resumption, which does not:
the working days in (paused_on, resumed_on] are not counted, so the due date moves
by exactly that many working days. A pause that starts after the due date saves
nothing. While paused there is no due date, only the days used and left.
Pure functions of a calendar: the tests work the dates by hand (docs/licensing.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from minzheng.core.workdays import WorkingCalendar


@dataclass(frozen=True)
class Pause:
    started_on: dt.date
    ended_on: dt.date | None  # None while the pause lasts


@dataclass(frozen=True)
class Clock:
    limit: int  # working days, extension included
    due: dt.date | None  # None while paused
    used: int  # working days counted up to today (or the stop day)
    paused: bool

    @property
    def remaining(self) -> int:
        return self.limit - self.used


def due_date(
    calendar: WorkingCalendar, start: dt.date, limit: int, pauses: Sequence[Pause]
) -> dt.date | None:
    """The last day of the clock, or None while a pause lasts."""
    due = calendar.add_working_days(start, limit)
    for pause in sorted(pauses, key=lambda p: p.started_on):
        if pause.ended_on is None:
            return None if pause.started_on < due else due
        if pause.started_on < due:
            due = calendar.add_working_days(
                due, calendar.working_days_between(pause.started_on, pause.ended_on)
            )
    return due


def counted_days(
    calendar: WorkingCalendar, start: dt.date, end: dt.date, pauses: Sequence[Pause]
) -> int:
    """Working days in (start, end] that count: those inside a pause do not."""
    total = max(calendar.working_days_between(start, end), 0)
    for pause in pauses:
        stop = min(pause.ended_on or end, end)
        if pause.started_on < stop:
            total -= calendar.working_days_between(pause.started_on, stop)
    return total


def clock(
    calendar: WorkingCalendar,
    *,
    start: dt.date,
    limit: int,
    pauses: Sequence[Pause],
    today: dt.date,
) -> Clock:
    due = due_date(calendar, start, limit, pauses)
    return Clock(
        limit=limit,
        due=due,
        used=counted_days(calendar, start, today, pauses),
        paused=any(p.ended_on is None for p in pauses),
    )
