"""Money, ratio and date arithmetic the rules rely on (D1.14 Decimal rounding, ages, months)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from minzheng.assistance.policy.dates import add_months, first_of_next_month
from minzheng.assistance.policy.facts import age_on
from minzheng.assistance.policy.money import (
    apply_ratio,
    percent_text,
    ratio_text,
    round_amount,
    round_up,
    shown,
    yuan,
)
from minzheng.assistance.policy.vocabulary import RoundingMethod, RoundingUnit


@pytest.mark.parametrize(
    ("value", "unit", "method", "expected"),
    [
        ("10.005", RoundingUnit.FEN, RoundingMethod.HALF_UP, "10.01"),
        ("10.004", RoundingUnit.FEN, RoundingMethod.HALF_UP, "10.00"),
        ("10.001", RoundingUnit.FEN, RoundingMethod.UP, "10.01"),
        ("10.009", RoundingUnit.FEN, RoundingMethod.DOWN, "10.00"),
        ("10.50", RoundingUnit.YUAN, RoundingMethod.HALF_UP, "11.00"),
        ("10.49", RoundingUnit.YUAN, RoundingMethod.HALF_UP, "10.00"),
        ("10.01", RoundingUnit.YUAN, RoundingMethod.UP, "11.00"),
        ("10.99", RoundingUnit.YUAN, RoundingMethod.DOWN, "10.00"),
    ],
)
def test_amounts_round_to_the_unit_by_the_method(
    value: str, unit: RoundingUnit, method: RoundingMethod, expected: str
) -> None:
    rounded = round_amount(Decimal(value), unit, method)
    assert rounded == Decimal(expected)
    assert str(rounded) == expected  # always two decimals


def test_an_at_least_floor_rounds_up() -> None:
    assert round_up(Decimal("981.5"), RoundingUnit.YUAN) == Decimal("982.00")
    assert round_up(Decimal("981.5"), RoundingUnit.FEN) == Decimal("981.50")


def test_ratios_are_applied_exactly() -> None:
    assert apply_ratio(Decimal("2280"), Fraction(1, 6)) == Decimal("380")
    assert apply_ratio(Decimal("755"), Fraction(13, 10)) == Decimal("981.5")


def test_per_capita_figures_are_shown_truncated_to_the_fen() -> None:
    assert shown(Fraction(233999, 300)) == Decimal("779.99")  # 779.9966…
    assert shown(Fraction(780)) == Decimal("780")
    assert yuan(shown(Fraction(1300, 3))) == "433.33"


def test_ratios_and_percentages_read_as_a_caseworker_writes_them() -> None:
    assert ratio_text(Fraction(13, 10)) == "1.3"
    assert ratio_text(Fraction(1, 6)) == "1/6"
    assert ratio_text(Fraction(24)) == "24"
    assert percent_text(Fraction(3, 5)) == "60%"


def test_months_are_added_with_the_day_clamped_to_the_month_end() -> None:
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2025, 9, 15), 6) == dt.date(2026, 3, 15)
    assert first_of_next_month(dt.date(2026, 12, 31)) == dt.date(2027, 1, 1)
    assert add_months(dt.date(2026, 1, 30), 6) == dt.date(2026, 7, 30)
    assert add_months(dt.date(2026, 4, 1), 12) == dt.date(2027, 4, 1)


def test_month_arithmetic_has_one_definition_each() -> None:
    """One meaning per name (issue 8): a second `add_months` once meant "the 1st of the
    month N months on" in the services, beside this "same day, clamped" one."""
    source = Path(add_months.__code__.co_filename).parents[2]
    for name in ("add_months", "first_of_next_month"):
        defined = [
            path for path in source.rglob("*.py") if f"def {name}(" in path.read_text("utf-8")
        ]
        assert [p.name for p in defined] == ["dates.py"], defined


def test_ages_count_the_birthday_itself_and_leap_days_age_on_1_march() -> None:
    assert age_on(dt.date(1966, 3, 15), dt.date(2026, 3, 15)) == 60
    assert age_on(dt.date(1966, 3, 16), dt.date(2026, 3, 15)) == 59
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18
