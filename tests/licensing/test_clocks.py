"""The two clocks across the 2026 holidays (D15.1-D15.3, D11.2), every date counted by
hand on the official calendar typed in D11.2 (Mid-Autumn Fri 25 Sep; National Day
1-7 Oct with make-up Sun 20 Sep and Sat 10 Oct; Spring Festival 15-23 Feb with make-up
Sat 14 Feb and Sat 28 Feb). The acceptance day is not counted (行政许可法 art. 42, 82)."""

from __future__ import annotations

import datetime as dt

from minzheng.core.workdays import WorkingCalendar
from minzheng.licensing.clocks import Pause, clock, counted_days, due_date

D = dt.date
OFFICIAL = WorkingCalendar(overrides={}, declared_years=frozenset())
ACCEPTED = D(2026, 9, 22)  # Tuesday before Mid-Autumn and National Day
HEARING = Pause(D(2026, 9, 30), D(2026, 10, 12))  # notice Wed 30 Sep, resumed Mon 12 Oct


def test_promised_ten_days_across_mid_autumn_and_national_day():
    # 23=1, 24=2, (25 Mid-Autumn, 26-27 weekend), 28=3, 29=4, 30=5, (1-7 Oct off),
    # 8=6, 9=7, Sat 10 (make-up)=8, 12=9, 13=10.
    assert due_date(OFFICIAL, ACCEPTED, 10, []) == D(2026, 10, 13)


def test_statutory_twenty_days_across_national_day():
    # ... 13 Oct=10 (above), 14=11, 15=12, 16=13, 19=14, 20=15, 21=16, 22=17, 23=18,
    # 26=19, 27=20.
    assert due_date(OFFICIAL, ACCEPTED, 20, []) == D(2026, 10, 27)


def test_a_hearing_stops_both_clocks_for_the_working_days_it_lasts():
    # Excluded: working days in (30 Sep, 12 Oct] = 8, 9, Sat 10 (make-up), 12 = 4.
    # Promised: 23, 24, 28, 29, 30 = 5 before; from 13 Oct: 13=6, 14=7, 15=8, 16=9,
    # 19=10 -> Mon 19 Oct (= 13 Oct moved by 4 working days).
    assert due_date(OFFICIAL, ACCEPTED, 10, [HEARING]) == D(2026, 10, 19)
    # Statutory: 27 Oct moved by 4: 28=1, 29=2, 30=3, Mon 2 Nov=4.
    assert due_date(OFFICIAL, ACCEPTED, 20, [HEARING]) == D(2026, 11, 2)


def test_the_extension_adds_ten_working_days_after_the_pause():
    # 20 + 10 = 30 counted days: 2 Nov was the 20th; 3=21, 4=22, 5=23, 6=24, 9=25,
    # 10=26, 11=27, 12=28, 13=29, 16=30 -> Mon 16 Nov.
    assert due_date(OFFICIAL, ACCEPTED, 30, [HEARING]) == D(2026, 11, 16)


def test_while_paused_there_is_no_due_date_only_days_used_and_left():
    ongoing = Pause(D(2026, 9, 30), None)
    state = clock(OFFICIAL, start=ACCEPTED, limit=10, pauses=[ongoing], today=D(2026, 10, 9))
    # Counted before the pause: 23, 24, 28, 29, 30 = 5; 8 and 9 Oct do not count.
    assert (state.due, state.used, state.remaining, state.paused) == (None, 5, 5, True)


def test_days_used_skip_the_pause():
    # On Fri 16 Oct: 5 before the pause + 13, 14, 15, 16 = 9 (8, 9, 10, 12 excluded).
    assert counted_days(OFFICIAL, ACCEPTED, D(2026, 10, 16), [HEARING]) == 9


def test_a_pause_after_the_due_date_saves_nothing():
    late = Pause(D(2026, 10, 14), D(2026, 10, 20))  # promised due was 13 Oct
    assert due_date(OFFICIAL, ACCEPTED, 10, [late]) == D(2026, 10, 13)


def test_two_pauses_each_move_the_due_date():
    # Pause 1: (30 Sep, 12 Oct] = 4 -> 19 Oct. Pause 2 from Wed 14 Oct to Fri 16 Oct:
    # (14, 16] = 15, 16 = 2 -> 19 Oct moved by 2: 20=1, 21=2 -> Wed 21 Oct.
    second = Pause(D(2026, 10, 14), D(2026, 10, 16))
    assert due_date(OFFICIAL, ACCEPTED, 10, [second, HEARING]) == D(2026, 10, 21)


def test_spring_festival_promised_and_statutory():
    # Accepted Wed 11 Feb: 12=1, 13=2, Sat 14 (make-up)=3, (15-23 off), 24=4, 25=5,
    # 26=6, 27=7, Sat 28 (make-up)=8, Mon 2 Mar=9, 3=10 -> Tue 3 Mar;
    # 4=11, 5=12, 6=13, 9=14, 10=15, 11=16, 12=17, 13=18, 16=19, 17=20 -> Tue 17 Mar.
    assert due_date(OFFICIAL, D(2026, 2, 11), 10, []) == D(2026, 3, 3)
    assert due_date(OFFICIAL, D(2026, 2, 11), 20, []) == D(2026, 3, 17)
