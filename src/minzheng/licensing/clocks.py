"""The two clocks of an application (D15.1, D15.2, D15.3), in working days (D11) or,
for an item whose law counts days (D10.6), in calendar days.

A clock starts on the day of acceptance (that day not counted, as
`WorkingCalendar.add_working_days`) and runs for its limit. A pause for a hearing,
testing or expert review (D15.2, 行政许可法 art. 45) starts on the day of the written
notice — that day still counts — and ends on the day of resumption, which does not:
the working days in (paused_on, resumed_on] are not counted, so the due date moves
by exactly that many working days. A pause that starts after the due date saves
nothing. While paused there is no due date, only the days used and left.

In calendar days (`unit="calendar_days"`) the same counts are made over every day:
the day of acceptance is not counted, a pause excludes the days in (paused_on,
resumed_on], an extension adds days; and a last day that is a rest day (weekend or
public holiday) moves to the next working day, as the civil-law periods of D9.4
(民法典 art. 203) — the working-day calendar only says which days are rest days.
Pure functions of a calendar: the tests work the dates by hand (docs/licensing.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from minzheng.core.workdays import WorkingCalendar

WORKING = "working_days"
CALENDAR = "calendar_days"


@dataclass(frozen=True)
class DayCount:
    """How a clock counts: working days of the calendar, or every day."""

    calendar: WorkingCalendar
    unit: str = WORKING

    def add(self, start: dt.date, days: int) -> dt.date:
        if self.unit == WORKING:
            return self.calendar.add_working_days(start, days)
        return start + dt.timedelta(days=days)

    def between(self, start: dt.date, end: dt.date) -> int:
        """Days counted in (start, end]; negative when end is before start."""
        if self.unit == WORKING:
            return self.calendar.working_days_between(start, end)
        return (end - start).days

    def last_day(self, day: dt.date) -> dt.date:
        """A period in days ending on a rest day ends on the next working day (D9.4)."""
        while self.unit == CALENDAR and not self.calendar.is_working_day(day):
            day += dt.timedelta(days=1)
        return day


@dataclass(frozen=True)
class Pause:
    started_on: dt.date
    ended_on: dt.date | None  # None while the pause lasts


@dataclass(frozen=True)
class Clock:
    limit: int  # days of `unit`, extension included
    due: dt.date | None  # None while paused
    used: int  # days counted up to today (or the stop day)
    paused: bool
    unit: str = WORKING

    @property
    def unit_label(self) -> str:
        return "工作日" if self.unit == WORKING else "日"

    @property
    def remaining(self) -> int:
        return self.limit - self.used


def due_date(
    calendar: WorkingCalendar,
    start: dt.date,
    limit: int,
    pauses: Sequence[Pause],
    unit: str = WORKING,
) -> dt.date | None:
    """The last day of the clock, or None while a pause lasts."""
    count = DayCount(calendar, unit)
    due = count.add(start, limit)
    for pause in sorted(pauses, key=lambda p: p.started_on):
        if pause.started_on >= count.last_day(due):
            break
        if pause.ended_on is None:
            return None
        due = count.add(due, count.between(pause.started_on, pause.ended_on))
    return count.last_day(due)


def counted_days(
    calendar: WorkingCalendar,
    start: dt.date,
    end: dt.date,
    pauses: Sequence[Pause],
    unit: str = WORKING,
) -> int:
    """Days in (start, end] that count (working or calendar): those inside a pause do not."""
    count = DayCount(calendar, unit)
    total = max(count.between(start, end), 0)
    for pause in pauses:
        stop = min(pause.ended_on or end, end)
        if pause.started_on < stop:
            total -= count.between(pause.started_on, stop)
    return total


def clock(
    calendar: WorkingCalendar,
    *,
    start: dt.date,
    limit: int,
    pauses: Sequence[Pause],
    today: dt.date,
    unit: str = WORKING,
) -> Clock:
    due = due_date(calendar, start, limit, pauses, unit)
    return Clock(
        limit=limit,
        due=due,
        used=counted_days(calendar, start, today, pauses, unit),
        paused=any(p.ended_on is None for p in pauses),
        unit=unit,
    )
