"""Limits counted in days, not working days (D10.6: "within 60 days"; D15.1: the
licensing law's art. 82 counts only its own limits in working days). The day of
acceptance is not counted; a pause excludes the days in (notice, resumption]; a last
day that is a rest day moves to the next working day (D9.4, 民法典 art. 203), a
make-up Saturday being a working day. Every date counted by hand on the 2026 calendar
of D11.2 (Mid-Autumn Fri 25 Sep; National Day 1-7 Oct, make-up Sun 20 Sep and Sat 10
Oct; Spring Festival 15-23 Feb, make-up Sat 14 Feb and Sat 28 Feb)."""

from __future__ import annotations

import datetime as dt

from minzheng.core.workdays import WorkingCalendar
from minzheng.licensing.clocks import CALENDAR, WORKING, Pause, clock, due_date

D = dt.date
OFFICIAL = WorkingCalendar(overrides={}, declared_years=frozenset())
ACCEPTED = D(2026, 8, 4)  # Tuesday


def test_sixty_days_end_in_national_day_and_move_to_thursday_8_october():
    # 4 Aug + 27 = 31 Aug, + 30 = 30 Sep (57), + 3 = Sat 3 Oct (60): National Day
    # (1-7 Oct off) -> the next working day, Thu 8 Oct.
    assert due_date(OFFICIAL, ACCEPTED, 60, [], CALENDAR) == D(2026, 10, 8)


def test_the_same_sixty_in_working_days_would_end_on_2_november():
    # Aug: 5,6,7=3, 10-14=8, 17-21=13, 24-28=18, 31=19; Sep: 1-4=23, 7-11=28,
    # 14-18=33, Sun 20 (make-up)=34, 21-24=38, (25 Mid-Autumn), 28-30=41;
    # Oct: (1-7 off), 8,9=43, Sat 10 (make-up)=44, 12-16=49, 19-23=54, 26-30=59,
    # Mon 2 Nov=60.
    assert due_date(OFFICIAL, ACCEPTED, 60, [], WORKING) == D(2026, 11, 2)


def test_a_last_day_on_a_make_up_saturday_stays():
    # 11 Aug + 20 = 31 Aug, + 30 = 30 Sep (50), + 10 = Sat 10 Oct: a make-up working day.
    assert due_date(OFFICIAL, D(2026, 8, 11), 60, [], CALENDAR) == D(2026, 10, 10)


def test_a_last_day_in_spring_festival_moves_to_24_february():
    # 17 Dec 2025 + 14 = 31 Dec, + 31 = 31 Jan (45), + 15 = Sun 15 Feb (60): the
    # festival (15-23 Feb off) -> Tue 24 Feb.
    assert due_date(OFFICIAL, D(2025, 12, 17), 60, [], CALENDAR) == D(2026, 2, 24)


EXPERT = Pause(D(2026, 8, 14), D(2026, 8, 24))  # notice Fri 14 Aug, resumed Mon 24 Aug


def test_an_expert_review_adds_the_days_it_lasts():
    # (14 Aug, 24 Aug] = 15..24 = 10 days: 3 Oct + 10 = Tue 13 Oct, a working day.
    assert due_date(OFFICIAL, ACCEPTED, 60, [EXPERT], CALENDAR) == D(2026, 10, 13)


def test_days_used_and_left_while_paused():
    ongoing = Pause(D(2026, 8, 14), None)
    state = clock(
        OFFICIAL, start=ACCEPTED, limit=60, pauses=[ongoing], today=D(2026, 8, 20), unit=CALENDAR
    )
    # Counted: 5..14 Aug = 10 (the notice day counts); 15..20 Aug do not.
    assert (state.due, state.used, state.remaining, state.paused) == (None, 10, 50, True)
    assert state.unit_label == "日"


def test_an_extension_of_fifteen_days_after_the_pause():
    # 60 + 15 = 75: 13 Oct (the 60th, moved by the pause) + 15 = Wed 28 Oct.
    assert due_date(OFFICIAL, ACCEPTED, 75, [EXPERT], CALENDAR) == D(2026, 10, 28)


def test_a_pause_starting_on_the_moved_last_day_still_counts():
    # Due Thu 8 Oct (3 Oct moved); a hearing noticed on 5 Oct (a holiday, before 8 Oct)
    # until Fri 9 Oct excludes (5, 9] = 4 days: 3 Oct + 4 = Wed 7 Oct, a holiday -> 8 Oct.
    hearing = Pause(D(2026, 10, 5), D(2026, 10, 9))
    assert due_date(OFFICIAL, ACCEPTED, 60, [hearing], CALENDAR) == D(2026, 10, 8)
    # One noticed on the last day itself saves nothing (as in working days).
    late = Pause(D(2026, 10, 8), D(2026, 10, 20))
    assert due_date(OFFICIAL, ACCEPTED, 60, [late], CALENDAR) == D(2026, 10, 8)
