"""Civil-law periods in calendar days (D9.4; 民法典 arts. 200–204), pure Python.

The divorce cooling-off period (30 days from receipt of the application, 民法典 1077)
and the window that follows it (both parties appear within the next 30 days, or the
application is deemed withdrawn) are **calendar days, not working days**:

- the day the period starts from (the day of receipt) is not counted (art. 201);
- the period ends at the end of its last day (art. 203);
- a last day that is a rest day — a weekend or public holiday — moves to the next
  working day; a weekend make-up working day (调休) is a working day (art. 203, D9.4).

The working-day calendar (D11) only says which days are rest days; it is passed in
as a function (`core.workdays.WorkingCalendar.is_working_day`), which raises for a
year it does not know rather than guess. Worked examples: docs/marriage.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

IsWorkingDay = Callable[[dt.date], bool]


def period_end(start: dt.date, days: int, is_working_day: IsWorkingDay) -> dt.date:
    """The last day of a period of `days` calendar days counted from `start` (start
    not counted), moved to the next working day when it falls on a rest day."""
    if days < 1:
        raise ValueError("a period has at least one day")
    end = start + dt.timedelta(days=days)
    while not is_working_day(end):
        end += dt.timedelta(days=1)
    return end


@dataclass(frozen=True)
class DivorcePeriods:
    received_on: dt.date
    cooling_off_ends_on: dt.date  # last day either party may withdraw (民法典 1077)
    window_ends_on: dt.date  # last day both may appear for the certificate

    @property
    def window_starts_on(self) -> dt.date:
        return self.cooling_off_ends_on + dt.timedelta(days=1)

    def phase(self, today: dt.date) -> str:
        """cooling_off (withdrawal possible), window (certificate possible) or lapsed."""
        if today <= self.cooling_off_ends_on:
            return "cooling_off"
        if today <= self.window_ends_on:
            return "window"
        return "lapsed"


PHASE_LABELS = {"cooling_off": "冷静期内", "window": "待双方到场申领", "lapsed": "已逾期"}


def divorce_periods(
    received_on: dt.date, cooling_off_days: int, window_days: int, is_working_day: IsWorkingDay
) -> DivorcePeriods:
    """Both end dates of a divorce by agreement (D9.3, D9.4). The window is counted
    from the day the cooling-off period actually ends (after any move to a working
    day): "within 30 days after the period expires" starts when it has expired."""
    cooling = period_end(received_on, cooling_off_days, is_working_day)
    return DivorcePeriods(received_on, cooling, period_end(cooling, window_days, is_working_day))
