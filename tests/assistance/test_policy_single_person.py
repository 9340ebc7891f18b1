"""D1.15: single-person dibao (单人保) in a near-dibao household (D3.5), with a floor."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from minzheng.assistance.policy.facts import Disability, Household, Income, Property
from minzheng.assistance.policy.vocabulary import DisabilityType, IncomeKind, Programme, Relation
from tests.assistance.test_policy_factories import (
    DAY,
    decide,
    household,
    member,
    params,
    wages,
)

SINGLE = Programme.DIBAO_SINGLE_PERSON


def _near_dibao_home(spouse_disability: Disability | None = None, **spouse: Any) -> Household:
    """Per capita 900: above the 780 standard, below 1.5 × 780 = 1170."""
    return household(
        member("m1", incomes=wages("1800")),
        member("m2", Relation.SPOUSE, disability=spouse_disability, **spouse),
    )


@pytest.mark.parametrize(
    ("kind", "grade"),
    [
        (DisabilityType.PHYSICAL, 1),
        (DisabilityType.VISUAL, 2),
        (DisabilityType.INTELLECTUAL, 3),
        (DisabilityType.MENTAL, 3),
    ],
)
def test_a_severely_disabled_member_is_covered_alone_on_their_own_income(
    kind: DisabilityType, grade: int
) -> None:
    decision = decide(_near_dibao_home(Disability(kind, grade)), SINGLE)
    assert decision.eligible
    assert decision.covered_members == ("m2",)
    # D1.15 as updated: a one-person household with no income of its own: 780 − 0.
    # The household's 900 per capita is not divided among them (that paid 0 or the floor).
    assert decision.amount == Decimal("780.00")


def test_with_no_floor_set_a_covered_member_is_still_paid_the_gap_to_their_own_income() -> None:
    home = household(
        member("m1", incomes=wages("1300")),
        member(
            "m2",
            Relation.SPOUSE,
            disability=Disability(DisabilityType.PHYSICAL, 1),
            incomes=wages("", social_insurance_benefit="500"),
        ),
    )  # per capita (1300 + 500) ÷ 2 = 900: near-dibao, not dibao
    no_floor = params({"dibao.single_person.floor_ratio": "0"})
    assert decide(home, SINGLE, no_floor).member_amounts == {"m2": Decimal("280.00")}  # 780 − 500
    # with the 60 % floor: max(280, 468) = 468
    assert decide(home, SINGLE).member_amounts == {"m2": Decimal("468.00")}


def test_a_member_whose_own_income_reaches_the_standard_is_not_covered_alone() -> None:
    home = household(
        member("m1", incomes=wages("1000")),
        member(
            "m2",
            Relation.SPOUSE,
            disability=Disability(DisabilityType.PHYSICAL, 1),
            incomes=wages("780"),
        ),
    )  # per capita 890: near-dibao; m2's own 780 is not below the 780 standard
    decision = decide(home, SINGLE)
    assert not decision.eligible and decision.amount == Decimal("0")
    assert decision.has("single_person.own_income_not_below")


@pytest.mark.parametrize(
    ("kind", "grade"), [(DisabilityType.PHYSICAL, 3), (DisabilityType.INTELLECTUAL, 4)]
)
def test_a_less_severe_disability_is_not_enough(kind: DisabilityType, grade: int) -> None:
    decision = decide(_near_dibao_home(Disability(kind, grade)), SINGLE)
    assert not decision.eligible
    assert decision.has("single_person.none_eligible")


def test_a_locally_recognised_serious_illness_qualifies() -> None:
    decision = decide(_near_dibao_home(serious_illness=True), SINGLE)
    assert decision.covered_members == ("m2",)


def test_a_household_above_one_and_a_half_standards_is_not_near_dibao() -> None:
    home = household(
        member("m1", incomes=wages("2340")),  # per capita exactly 1.5 × 780
        member("m2", Relation.SPOUSE, disability=Disability(DisabilityType.PHYSICAL, 1)),
    )
    decision = decide(home, SINGLE)
    assert not decision.eligible
    assert decision.has("near_dibao.income_not_below_limit")


def test_a_dibao_household_needs_no_single_person_cover() -> None:
    home = household(
        member("m1", incomes=wages("500")),
        member("m2", Relation.SPOUSE, disability=Disability(DisabilityType.PHYSICAL, 1)),
    )
    decision = decide(home, SINGLE)
    assert not decision.eligible
    assert decision.has("single_person.household_covered")


def test_when_dibao_fails_on_property_the_gap_is_paid_if_above_the_floor() -> None:
    home = household(
        member("m1", incomes=wages("200")),
        member("m2", Relation.SPOUSE, disability=Disability(DisabilityType.PHYSICAL, 2)),
        property=Property(dwellings=1, deposits=Decimal("40000")),  # above dibao, below low-income
    )
    assert not decide(home, Programme.DIBAO).eligible
    decision = decide(home, SINGLE)
    assert decision.amount == Decimal("780.00")  # 780 − m2's own income 0, above the 468 floor


def test_clergy_of_three_years_in_hardship_are_covered_alone() -> None:
    monk = member(
        "m2",
        Relation.CHILD,
        35,
        clergy_since=dt.date(DAY.year - 5, 1, 1),
        incomes=(Income(IncomeKind.WAGES, Decimal("500")),),
    )
    decision = decide(household(member("m1", incomes=wages("5000")), monk), SINGLE)
    assert decision.covered_members == ("m2",)
    assert decision.member_amounts["m2"] == Decimal("468.00")  # gap 280 < floor 468


def test_clergy_with_income_at_the_standard_are_not_in_hardship() -> None:
    monk = member(
        "m2",
        Relation.CHILD,
        35,
        clergy_since=dt.date(DAY.year - 5, 1, 1),
        incomes=(Income(IncomeKind.WAGES, Decimal("780")),),
    )
    assert not decide(household(member("m1"), monk), SINGLE).eligible
