"""Calendar-day periods (D9.4), every date worked out by hand.

The 2026 calendar is the official one (D11.2, in `chinesecalendar`): off 15–23 Feb,
make-up Sat 14 Feb and Sat 28 Feb; off 1–7 Oct (Thu–Wed), make-up Sun 20 Sep and
Sat 10 Oct. `chinesecalendar` 1.11.0 (constraints.txt) has no 2027 data, and core's
calendar has no 2027 arrangement either: the Spring Festival 2027 cases type an
arrangement in (an assumption for the test, labelled so, not the official notice).
"""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core.workdays import UnknownCalendarYear, WorkingCalendar
from minzheng.marriage.periods import divorce_periods, period_end

D = dt.date
OFFICIAL = WorkingCalendar(overrides={}, declared_years=frozenset())

# Assumed 2027 Spring Festival for the test: New Year's Eve Fri 5 Feb 2027, off
# 5–13 Feb (Fri–Sat), no make-up day. Weekends otherwise.
SPRING_2027 = {D(2027, 2, day): False for day in range(5, 14)}
WITH_2027 = WorkingCalendar(overrides=SPRING_2027, declared_years=frozenset({2027}))


def test_the_start_day_is_not_counted():
    # received Wed 4 Mar 2026: day 1 is Thu 5 Mar, day 30 is Fri 3 Apr (a working day)
    assert period_end(D(2026, 3, 4), 30, OFFICIAL.is_working_day) == D(2026, 4, 3)


def test_a_period_ending_on_a_sunday_ends_on_monday():
    # received Fri 30 Jan 2026: 31 Jan is day 1, 28 Feb day 29, Sun 1 Mar day 30 → Mon 2 Mar.
    # It runs through the Spring Festival 2026 (15–23 Feb) without a day added.
    assert period_end(D(2026, 1, 30), 30, OFFICIAL.is_working_day) == D(2026, 3, 2)


def test_a_period_ending_on_a_make_up_saturday_ends_that_saturday():
    # received Thu 29 Jan 2026: day 30 is Sat 28 Feb, a make-up working day (调休)
    assert period_end(D(2026, 1, 29), 30, OFFICIAL.is_working_day) == D(2026, 2, 28)


def test_a_period_ending_in_the_national_day_holiday_ends_after_it():
    # received Thu 3 Sep 2026: day 30 is Sat 3 Oct (holiday 1–7 Oct) → Thu 8 Oct 2026
    assert period_end(D(2026, 9, 3), 30, OFFICIAL.is_working_day) == D(2026, 10, 8)


def test_both_divorce_dates_with_the_national_day_holiday():
    # cooling-off ends Thu 8 Oct 2026 (above); the window counts 30 days from it:
    # day 30 is Sat 7 Nov 2026 → Mon 9 Nov 2026
    periods = divorce_periods(D(2026, 9, 3), 30, 30, OFFICIAL.is_working_day)
    assert periods.cooling_off_ends_on == D(2026, 10, 8)
    assert periods.window_ends_on == D(2026, 11, 9)
    assert periods.window_starts_on == D(2026, 10, 9)
    assert periods.phase(D(2026, 10, 8)) == "cooling_off"
    assert periods.phase(D(2026, 10, 9)) == "window"
    assert periods.phase(D(2026, 11, 9)) == "window"
    assert periods.phase(D(2026, 11, 10)) == "lapsed"


def test_counting_straight_across_the_spring_festival_2027():
    # received Mon 25 Jan 2027: day 30 is Wed 24 Feb 2027, a working day; the holiday
    # (5–13 Feb) inside the period adds nothing — calendar days, not working days
    assert period_end(D(2027, 1, 25), 30, WITH_2027.is_working_day) == D(2027, 2, 24)


def test_a_period_ending_in_the_spring_festival_2027_moves_past_the_weekend_after():
    # received Mon 11 Jan 2027: day 30 is Wed 10 Feb (holiday); 11–13 Feb holiday,
    # Sun 14 Feb a weekend → Mon 15 Feb 2027
    assert period_end(D(2027, 1, 11), 30, WITH_2027.is_working_day) == D(2027, 2, 15)


def test_a_year_without_a_calendar_is_refused_not_guessed():
    # the official data stop at 2026 (D11.3): a period ending in 2027 cannot be computed
    with pytest.raises(UnknownCalendarYear):
        period_end(D(2026, 12, 10), 30, OFFICIAL.is_working_day)


def test_a_period_needs_a_day():
    with pytest.raises(ValueError):
        period_end(D(2026, 3, 4), 0, OFFICIAL.is_working_day)
