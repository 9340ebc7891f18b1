"""Dibao: eligibility strictly below the standard with property rules (D1.13), amount by
difference or tier with rounding and minimum (D1.14), review interval (D1.16), standards per
urban/rural class (D1.18)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minzheng.assistance.policy.facts import Property, Vehicle
from minzheng.assistance.policy.vocabulary import (
    AreaClass,
    Custody,
    Employment,
    Programme,
    Relation,
    WorkAbility,
)
from tests.assistance.test_policy_factories import (
    codes,
    decide,
    family,
    household,
    member,
    messages,
    params,
    wages,
)

DIBAO = Programme.DIBAO
STANDARD_760 = {"dibao.standard.urban": "760"}


def test_per_capita_income_equal_to_the_standard_is_not_eligible() -> None:
    decision = decide(family("1520", "0"), DIBAO, params(STANDARD_760))
    assert not decision.eligible
    assert "D1.13 人均收入 760.00 元不低于标准 760.00 元" in messages(decision)
    assert decision.amount == 0


def test_one_fen_below_the_standard_is_eligible_for_one_fen_per_member() -> None:
    decision = decide(family("1519.98", "0"), DIBAO, params(STANDARD_760))
    assert decision.eligible
    assert "D1.13 人均收入 759.99 元低于标准 760.00 元" in messages(decision)
    assert decision.amount == Decimal("0.02")
    assert decision.covered_members == ("m1", "m2")


def test_a_fraction_of_a_fen_below_the_standard_is_still_below() -> None:
    decision = decide(family("2279.99", "0", "0"), DIBAO, params(STANDARD_760))
    assert decision.eligible
    assert "人均收入 759.99 元低于标准 760.00 元" in messages(decision)
    assert decision.amount == Decimal("0.01")


def test_difference_mode_pays_the_gap_times_the_covered_members() -> None:
    decision = decide(family("1300", "0", "0"), DIBAO)
    assert decision.amount == Decimal("1040.00")
    assert decision.has("dibao.amount_difference")
    assert decision.figures["per_capita_income"] == Decimal("433.33")


def test_urban_and_rural_households_use_their_own_standard() -> None:
    urban = decide(family("1000", "0"), DIBAO)
    rural = decide(family("1000", "0", area=AreaClass.RURAL), DIBAO)
    assert (urban.amount, rural.amount) == (Decimal("560.00"), Decimal("510.00"))
    assert rural.figures["standard"] == Decimal("755")


@pytest.mark.parametrize(
    ("unit", "method", "expected"),
    [
        ("fen", "half_up", "1040.00"),
        ("yuan", "half_up", "1040.00"),
    ],
)
def test_an_exact_amount_is_unchanged_by_rounding(unit: str, method: str, expected: str) -> None:
    settings = params({"amount.rounding.unit": unit, "amount.rounding.method": method})
    assert decide(family("1300", "0", "0"), DIBAO, settings).amount == Decimal(expected)


@pytest.mark.parametrize(
    ("unit", "method", "expected"),
    [
        ("fen", "half_up", "260.33"),
        ("fen", "up", "260.34"),
        ("fen", "down", "260.33"),
        ("yuan", "half_up", "260.00"),
        ("yuan", "up", "261.00"),
        ("yuan", "down", "260.00"),
    ],
)
def test_amounts_are_rounded_to_the_yuan_or_fen_as_configured(
    unit: str, method: str, expected: str
) -> None:
    settings = params(
        {
            "dibao.standard.urban": "781",
            "dibao.amount.mode": "tiered",
            "dibao.amount.tiers": "0:1/3",  # one tier: a third of the standard, 260.333…
            "amount.rounding.unit": unit,
            "amount.rounding.method": method,
        }
    )
    assert decide(family("100"), DIBAO, settings).amount == Decimal(expected)


def test_half_a_yuan_rounds_up_under_half_up_rounding_to_the_yuan() -> None:
    settings = params({"amount.rounding.unit": "yuan"})
    assert decide(family("279.50"), DIBAO, settings).amount == Decimal("501.00")
    assert decide(family("279.51"), DIBAO, settings).amount == Decimal("500.00")


def test_the_minimum_amount_per_member_lifts_a_small_difference() -> None:
    settings = params({**STANDARD_760, "dibao.amount.minimum_per_person": "10"})
    decision = decide(family("1519.98", "0"), DIBAO, settings)
    assert decision.amount == Decimal("20.00")
    assert decision.has("dibao.amount_minimum")


@pytest.mark.parametrize(
    ("wages", "tier", "amount"),
    [
        ("0", 1, "1560.00"),  # gap 100 % ≥ 80 % → 1 × 780 × 2
        ("312", 1, "1560.00"),  # per capita 156, gap exactly 80 % → tier 1
        ("313", 2, "1092.00"),  # gap just under 80 % → 0.7 × 780 × 2
        ("780", 2, "1092.00"),  # gap exactly 50 %
        ("1248", 3, "624.00"),  # gap exactly 20 % → 0.4
        ("1500", 4, "312.00"),  # gap 3.8 % → 0.2
    ],
)
def test_tiered_mode_pays_the_tier_the_gap_reaches(wages: str, tier: int, amount: str) -> None:
    decision = decide(family(wages, "0"), DIBAO, params({"dibao.amount.mode": "tiered"}))
    assert decision.figures["tier"] == tier
    assert decision.amount == Decimal(amount)
    assert decision.has("dibao.amount_tier")


def test_a_second_dwelling_fails_the_property_rules() -> None:
    decision = decide(family("0", "0", property=Property(dwellings=2)), DIBAO)
    assert not decision.eligible
    assert "property.dwellings_exceeded" in codes(decision)
    assert any(r.rule == "D1.13" and r.against for r in decision.reasons)


def test_a_work_vehicle_is_allowed_but_a_private_car_is_not() -> None:
    work = Property(dwellings=1, vehicles=(Vehicle(work_use=True),))
    private = Property(dwellings=1, vehicles=(Vehicle(work_use=False),))
    assert decide(family("0", property=work), DIBAO).eligible
    assert "property.vehicles_exceeded" in codes(decide(family("0", property=private), DIBAO))


def test_deposits_per_head_must_be_strictly_below_the_configured_months_of_standard() -> None:
    limit = Decimal(780 * 24 * 2)
    below = Property(dwellings=1, deposits=limit - Decimal("0.02"))
    at = Property(dwellings=1, deposits=limit)
    assert decide(family("0", "0", property=below), DIBAO).eligible
    decision = decide(family("0", "0", property=at), DIBAO)
    assert "property.deposits_exceeded" in codes(decision)


def test_a_household_with_no_counted_member_is_refused() -> None:
    home = household(member(custody=Custody.IMPRISONED))
    decision = decide(home, DIBAO)
    assert not decision.eligible
    assert decision.has("dibao.no_members")


def test_review_every_six_months_when_a_member_can_work() -> None:
    assert decide(family("300", "0"), DIBAO).figures["review_months"] == 6


def test_review_yearly_when_no_member_can_work_and_income_is_stable() -> None:
    elderly = household(member(age=70), member("m2", Relation.SPOUSE, 68))
    decision = decide(elderly, DIBAO)
    assert decision.figures["review_months"] == 12
    assert decision.has("dibao.review_stable")


def test_review_every_six_months_when_income_is_unstable() -> None:
    elderly = household(member(age=70), income_unstable=True)
    assert decide(elderly, DIBAO).figures["review_months"] == 6


def test_flexible_employment_counts_as_unstable_income() -> None:
    worker = member(age=62, employment=Employment.FLEXIBLE, incomes=wages("300"))
    decision = decide(household(worker), DIBAO)
    assert decision.figures["review_months"] == 6
    assert "灵活就业" in messages(decision)


def test_a_local_review_class_sets_the_interval() -> None:
    decision = decide(household(member(age=70), review_class="C"), DIBAO)
    assert decision.figures["review_months"] == 3
    assert decision.has("dibao.review_by_class")
    # the class letter is a code: the caseworker reads the interval (issue 17 item 8)
    assert "分类管理，每 3 个月复核" in messages(decision) and "C 类" not in messages(decision)


def test_an_assessed_inability_to_work_means_no_member_can_work() -> None:
    home = household(member(age=45, work_ability=WorkAbility.UNABLE))
    assert decide(home, DIBAO).figures["review_months"] == 12
