"""Calendar arithmetic the rules need: "≥ 6 months" (D3.3), "from next month" (D1.8, D2.7).

Working days (D11) are the Django side's business (its calendar has the
holiday tables); the engine only reports counts of working days it is given.
"""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (31 Aug + 6 → 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def first_of_next_month(day: dt.date) -> dt.date:
    return add_months(day.replace(day=1), 1)


def months_elapsed_at_least(since: dt.date, day: dt.date, months: int) -> bool:
    """True when `months` whole months have passed between `since` and `day`."""
    return add_months(since, months) <= day
