"""The annual-report calendar (D10.2), pure dates: the deadlines of a report year, the
six-month exemption, and which year's report is overdue on a day. Months are added by
the policy engine's one definition (`assistance.policy.dates.add_months`)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from minzheng.assistance.policy.dates import add_months  # the one "same day, clamped"

_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


def month_day(text: str) -> tuple[int, int]:
    """ "05-31" → (5, 31); a Chinese ValueError for anything else (the settings check)."""
    match = _MONTH_DAY.match(text.strip())
    if not match:
        raise ValueError("应为“月-日”，如 05-31")
    month, day = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2025, month)[1]:
        raise ValueError("不是一年中存在的日期（2月最多28日）")
    return month, day


def deadline_of(year: int, text: str) -> dt.date:
    """The deadline for the report on `year`, in the following year."""
    month, day = month_day(text)
    return dt.date(year + 1, month, day)


def is_exempt(registered_on: dt.date, year: int, months: int) -> bool:
    """D10.2: registered for less than `months` at 31 December of the report year. An
    organisation registered on 30 June has six full months on 31 December (30 June + 6
    months = 30 December); one registered on 1 July has not (1 July + 6 = 1 January)."""
    return add_months(registered_on, months) > dt.date(year, 12, 31)


def last_closed_year(on: dt.date, deadline: str) -> int:
    """The latest report year whose deadline has passed on `on` (the day after it on)."""
    return on.year - 1 if on > deadline_of(on.year - 1, deadline) else on.year - 2
