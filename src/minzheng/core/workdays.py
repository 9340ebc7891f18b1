"""Working days and deadlines (D11).

A working day is Monday–Friday that is not a public holiday, plus the make-up
days (调休) on weekends (D11.1). The official calendar comes from
`chinesecalendar`; an administrator's `WorkdayOverride` rows take precedence,
and a year neither knows is refused (D11.3) — a deadline is never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import chinese_calendar
from django.db.models import Count, Max

from minzheng.core.models import CalendarYear, WorkdayOverride


class UnknownCalendarYear(ValueError):
    """The year is in neither `chinesecalendar` nor the administrator's table."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"{year}年的节假日安排尚未录入：请市级管理员在“工作日调整”中录入该年放假安排后再计算时限"
        )
        self.year = year


def _official_years() -> frozenset[int]:
    years = {d.year for d in chinese_calendar.holidays} | {
        d.year for d in chinese_calendar.workdays
    }
    return frozenset(years)


OFFICIAL_YEARS = _official_years()


@dataclass(frozen=True)
class WorkingCalendar:
    """An immutable view of the calendar: official data plus overrides."""

    overrides: Mapping[dt.date, bool]
    declared_years: frozenset[int]

    def knows(self, year: int) -> bool:
        return year in OFFICIAL_YEARS or year in self.declared_years

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if not self.knows(day.year):
            raise UnknownCalendarYear(day.year)
        if day.year in OFFICIAL_YEARS:
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5  # a declared year: holidays are entered as overrides

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date `days` working days after `start` (start itself not counted).

        A deadline of 10 working days from an acceptance on Friday ends on the
        10th working day after that Friday.
        """
        if days < 0:
            raise ValueError("days must be >= 0")
        day, left = start, days
        while left:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count


class DeadlineStatus(StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {"on_time": "正常", "due_soon": "即将到期", "overdue": "已超期"}[self.value]


def deadline_status(
    calendar: WorkingCalendar, deadline: dt.date, today: dt.date, due_soon_days: int
) -> DeadlineStatus:
    """Overdue after the deadline day; due soon within `due_soon_days` working days of it."""
    if today > deadline:
        return DeadlineStatus.OVERDUE
    if calendar.working_days_between(today, deadline) <= due_soon_days:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TIME


_cache: dict[str, object] = {}


def get_calendar() -> WorkingCalendar:
    """The calendar with the current overrides; rebuilt only when they change.

    The fingerprint query is cheap and keeps every worker process consistent
    after an administrator edits the table.
    """
    stamp = WorkdayOverride.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    years = CalendarYear.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    fingerprint = (stamp["n"], stamp["at"], years["n"], years["at"])
    if _cache.get("fingerprint") != fingerprint:
        _cache["calendar"] = WorkingCalendar(
            overrides=dict(WorkdayOverride.objects.values_list("date", "is_working_day")),
            declared_years=frozenset(CalendarYear.objects.values_list("year", flat=True)),
        )
        _cache["fingerprint"] = fingerprint
    calendar = _cache["calendar"]
    assert isinstance(calendar, WorkingCalendar)
    return calendar


def add_working_days(start: dt.date, days: int) -> dt.date:
    return get_calendar().add_working_days(start, days)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return get_calendar().working_days_between(start, end)
