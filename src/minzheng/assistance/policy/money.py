"""Money and ratio arithmetic of the policy engine.

Money is `Decimal` end to end (D1.14: never float). Ratios such as "1/6 of the
minimum wage" (D2.9) are kept as exact `Fraction`s and applied as
`amount × numerator ÷ denominator`, so that 2280 × 1/6 is exactly 380 and a
"≥ 1.3 × standard" floor is not pushed up a fen by a binary or decimal
approximation.
"""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from fractions import Fraction

from minzheng.assistance.policy.vocabulary import RoundingMethod, RoundingUnit

FEN = Decimal("0.01")
YUAN = Decimal("1")
ZERO = Decimal("0")


_METHODS = {
    RoundingMethod.HALF_UP: ROUND_HALF_UP,
    RoundingMethod.UP: ROUND_UP,
    RoundingMethod.DOWN: ROUND_DOWN,
}


def round_amount(value: Decimal, unit: RoundingUnit, method: RoundingMethod) -> Decimal:
    """Round a computed amount to the local unit (D1.14), always shown with 2 decimals."""
    step = YUAN if unit is RoundingUnit.YUAN else FEN
    return value.quantize(step, rounding=_METHODS[method]).quantize(FEN)


def round_up(value: Decimal, unit: RoundingUnit) -> Decimal:
    """Round towards the next unit: used where a rule says "at least" (D2.9)."""
    return round_amount(value, unit, RoundingMethod.UP)


def to_fen(value: Decimal) -> Decimal:
    """An intermediate money figure (a monthly average, a per-head deposit) to the fen."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def to_decimal(value: Fraction) -> Decimal:
    """An exact quotient as a Decimal (28 significant digits), to be rounded by the caller."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def shown(value: Fraction) -> Decimal:
    """A per-capita figure for display, truncated to the fen.

    Truncation keeps every "strictly below a standard" comparison the same as on
    the exact value, because standards are whole fen: 779.996… is shown as
    779.99, below 780.00, as it is.
    """
    return Decimal(math.floor(value * 100)) / 100


def apply_ratio(amount: Decimal, ratio: Fraction) -> Decimal:
    """`amount × ratio` without approximating the ratio (1/6 stays exact)."""
    return amount * Decimal(ratio.numerator) / Decimal(ratio.denominator)


def yuan(value: Decimal) -> str:
    """Format an amount for a reason or the API: always two decimals, no grouping."""
    return f"{value.quantize(FEN, rounding=ROUND_HALF_UP):.2f}"


def ratio_text(ratio: Fraction) -> str:
    """A ratio as a caseworker writes it: 1.3, 0.6, or 1/6 when not a finite decimal."""
    denominator = ratio.denominator
    for factor in (2, 5):
        while denominator % factor == 0:
            denominator //= factor
    if denominator != 1:
        return f"{ratio.numerator}/{ratio.denominator}"
    exact = Decimal(ratio.numerator) / Decimal(ratio.denominator)
    return format(exact.normalize(), "f")


def percent_text(ratio: Fraction) -> str:
    value = Decimal(ratio.numerator) * 100 / Decimal(ratio.denominator)
    return format(value.quantize(Decimal("0.1")).normalize(), "f") + "%"
