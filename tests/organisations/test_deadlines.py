"""The annual-report calendar (D10.2), dates worked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.organisations.deadlines import (
    add_months,
    deadline_of,
    is_exempt,
    last_closed_year,
    month_day,
)

D = dt.date


def test_the_deadlines_fall_in_the_year_after_the_report_year():
    assert deadline_of(2025, "03-31") == D(2026, 3, 31)
    assert deadline_of(2025, "05-31") == D(2026, 5, 31)


@pytest.mark.parametrize("text", ["5-31", "05/31", "13-01", "02-30", "02-29", ""])
def test_a_deadline_must_be_a_month_and_day_of_every_year(text):
    with pytest.raises(ValueError):
        month_day(text)


@pytest.mark.parametrize(
    ("registered", "exempt"),
    [
        (D(2025, 6, 30), False),  # + 6 months = 30 Dec 2025 ≤ 31 Dec: six full months
        (D(2025, 7, 1), True),  # + 6 months = 1 Jan 2026 > 31 Dec: less than six months
        (D(2025, 12, 20), True),
        (D(2025, 1, 1), False),
        (D(2024, 11, 5), False),  # an older organisation
    ],
)
def test_six_month_exemption_for_the_2025_report(registered, exempt):
    assert is_exempt(registered, 2025, 6) is exempt


def test_months_are_added_to_the_last_day_of_a_short_month():
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2023, 8, 31), 6) == D(2024, 2, 29)
    assert add_months(D(2025, 6, 1), 24) == D(2027, 6, 1)


@pytest.mark.parametrize(
    ("on", "year"),
    [
        (D(2026, 5, 31), 2024),  # the 2025 deadline is today: not yet passed
        (D(2026, 6, 1), 2025),  # the day after it
        (D(2026, 1, 10), 2024),
        (D(2026, 12, 31), 2025),
    ],
)
def test_the_last_closed_report_year(on, year):
    assert last_closed_year(on, "05-31") == year
