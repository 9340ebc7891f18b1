"""Working days and deadlines, D11 — on the 2026 holidays and make-up days (D11.2)."""

import datetime as dt

import pytest

from minzheng.core import workdays
from minzheng.core.models import CalendarYear, WorkdayOverride
from minzheng.core.workdays import DeadlineStatus, UnknownCalendarYear, WorkingCalendar

D = dt.date
OFFICIAL = WorkingCalendar(overrides={}, declared_years=frozenset())


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 1, 1), False),
        (D(2026, 1, 4), True),  # New Year; make-up Sunday
        (D(2026, 2, 14), True),
        (D(2026, 2, 16), False),
        (D(2026, 2, 23), False),
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),  # Spring Festival and make-ups
        (D(2026, 5, 4), False),
        (D(2026, 5, 9), True),  # Labour Day; make-up Saturday
        (D(2026, 9, 20), True),
        (D(2026, 9, 25), False),
        (D(2026, 10, 7), False),
        (D(2026, 10, 10), True),  # National Day
        (D(2026, 11, 28), False),
        (D(2026, 11, 30), True),  # an ordinary weekend and Monday
    ],
)
def test_2026_official_calendar(day, working):
    assert OFFICIAL.is_working_day(day) is working


def test_ten_working_days_across_the_spring_festival():
    # Accepted Thu 12 Feb: Fri 13, Sat 14 (make-up) = 2; 15–23 off; 24,25,26,27 = 6;
    # Sat 28 (make-up) = 7; Mon 2 Mar .. Wed 4 Mar = 10.
    assert OFFICIAL.add_working_days(D(2026, 2, 12), 10) == D(2026, 3, 4)


def test_thirty_working_days_across_national_day():
    # From Fri 18 Sep 2026: Sun 20 Sep (make-up) = 1, 21–24 Sep = 5, Fri 25 Sep is
    # Mid-Autumn, 28–30 Sep = 8, 1–7 Oct off, 8–9 Oct = 10, Sat 10 Oct (make-up) = 11,
    # 12–30 Oct = 26, 2–5 Nov = 30.
    end = OFFICIAL.add_working_days(D(2026, 9, 18), 30)
    assert end == D(2026, 11, 5)
    assert OFFICIAL.working_days_between(D(2026, 9, 18), end) == 30


def test_working_days_between_is_antisymmetric():
    assert OFFICIAL.working_days_between(D(2026, 3, 4), D(2026, 2, 12)) == -10


def test_an_unknown_year_is_a_clear_error_not_a_guess():
    with pytest.raises(UnknownCalendarYear, match="2031年的节假日安排尚未录入"):
        OFFICIAL.add_working_days(D(2031, 3, 2), 3)


def test_deadline_status():
    deadline = D(2026, 3, 4)
    assert (
        workdays.deadline_status(OFFICIAL, deadline, D(2026, 2, 12), 3) is DeadlineStatus.ON_TIME
    )
    # Fri 27 Feb is 4 working days before (Sat 28 Feb is a make-up day); Mon 2 Mar is 2.
    assert (
        workdays.deadline_status(OFFICIAL, deadline, D(2026, 2, 27), 3) is DeadlineStatus.ON_TIME
    )
    # Sat 28 Feb (a make-up working day) is exactly 3 working days before: the boundary
    # itself is "due soon" (within N working days, D11).
    assert (
        workdays.deadline_status(OFFICIAL, deadline, D(2026, 2, 28), 3) is DeadlineStatus.DUE_SOON
    )
    assert (
        workdays.deadline_status(OFFICIAL, deadline, D(2026, 3, 2), 3) is DeadlineStatus.DUE_SOON
    )
    assert (
        workdays.deadline_status(OFFICIAL, deadline, D(2026, 3, 4), 3) is DeadlineStatus.DUE_SOON
    )
    assert workdays.deadline_status(OFFICIAL, deadline, D(2026, 3, 5), 3) is DeadlineStatus.OVERDUE


@pytest.mark.django_db
def test_an_administrator_override_takes_precedence_and_is_seen_at_once():
    assert workdays.add_working_days(D(2026, 11, 26), 2) == D(2026, 11, 30)
    WorkdayOverride.objects.create(date=D(2026, 11, 27), is_working_day=False, note="地方调休")
    assert workdays.add_working_days(D(2026, 11, 26), 2) == D(2026, 12, 1)


@pytest.mark.django_db
def test_a_declared_year_is_computed_from_weekdays_and_overrides():
    CalendarYear.objects.create(year=2031, source="国办发明电〔2030〕X号（测试）")
    WorkdayOverride.objects.create(date=D(2031, 1, 1), is_working_day=False, note="元旦")
    assert workdays.add_working_days(D(2030, 12, 31), 1) == D(2031, 1, 2)
