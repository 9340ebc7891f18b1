"""Near-dibao households (D3.5) and rigid-expenditure hardship households (D3.6)."""

from __future__ import annotations

from decimal import Decimal

from minzheng.assistance.policy.facts import Expenditure, Household, Property
from minzheng.assistance.policy.vocabulary import ExpenditureKind, Programme, Relation
from tests.assistance.test_policy_factories import (
    codes,
    decide,
    family,
    household,
    member,
    params,
    wages,
)

NEAR, RIGID = Programme.NEAR_DIBAO, Programme.RIGID_HARDSHIP


def test_per_capita_income_exactly_one_and_a_half_standards_is_not_near_dibao() -> None:
    decision = decide(family("2340", "0"), NEAR)  # per capita 1170 = 1.5 × 780
    assert not decision.eligible
    assert "near_dibao.income_not_below_limit" in codes(decision)


def test_one_fen_below_one_and_a_half_standards_is_near_dibao() -> None:
    decision = decide(family("2339.98", "0"), NEAR)
    assert decision.eligible
    assert decision.covered_members == ("m1", "m2")
    assert decision.amount == 0


def test_a_dibao_household_is_not_near_dibao() -> None:
    decision = decide(family("1000", "0"), NEAR)
    assert not decision.eligible
    assert decision.has("near_dibao.is_dibao")


def test_near_dibao_needs_property_within_the_low_income_rules() -> None:
    decision = decide(family("2000", "0", property=Property(dwellings=2)), NEAR)
    assert not decision.eligible


def _rigid(
    spent: str, *incomes: str, kind: ExpenditureKind = ExpenditureKind.EDUCATION
) -> Household:
    return family(*incomes, expenditures=(Expenditure(kind, Decimal(spent)),))


def test_rigid_spending_above_sixty_percent_of_income_makes_a_hardship_household() -> None:
    # income 4000 × 12 = 48000; 60 % is 28800
    decision = decide(_rigid("28800.01", "4000", "0"), RIGID)
    assert decision.eligible
    assert decision.figures["valid_until"] == "2027-03-15"


def test_rigid_spending_of_exactly_sixty_percent_is_not_enough() -> None:
    decision = decide(_rigid("28800", "4000", "0"), RIGID)
    assert not decision.eligible
    assert "rigid.burden_not_above_ratio" in codes(decision)


def test_only_the_configured_kinds_count_as_rigid_spending() -> None:
    assert not decide(_rigid("40000", "4000", "0", kind=ExpenditureKind.WORK), RIGID).eligible


def test_a_dibao_or_near_dibao_household_is_not_a_rigid_hardship_household() -> None:
    decision = decide(_rigid("40000", "1000", "0"), RIGID)
    assert "rigid.other_layer" in codes(decision)


def test_rigid_hardship_needs_income_below_the_disposable_income() -> None:
    decision = decide(_rigid("100000", "7500", "0"), RIGID)  # 45000 a year: not below
    assert "rigid.income_not_below_disposable" in codes(decision)
    # medical spending is also a D1.12 deduction, which lowers the per-capita income
    decision = decide(_rigid("100000", "7500", "0", kind=ExpenditureKind.MEDICAL), RIGID)
    assert decision.eligible


def test_the_expenditure_ratio_is_a_setting() -> None:
    settings = params({"rigid_hardship.expenditure_ratio": "0.8"})
    assert not decide(_rigid("28800.01", "4000", "0"), RIGID, settings).eligible
    assert decide(_rigid("38400.01", "4000", "0"), RIGID, settings).eligible


def test_a_near_dibao_household_with_rigid_spending_is_not_also_rigid_hardship() -> None:
    home = household(
        member("m1", incomes=wages("0")),
        member("m2", Relation.SPOUSE),
        expenditures=(Expenditure(ExpenditureKind.MEDICAL, Decimal("5000")),),
        property=Property(dwellings=1, deposits=Decimal("50000")),  # fails dibao, not low-income
    )
    assert not decide(home, Programme.DIBAO).eligible
    assert decide(home, NEAR).eligible  # so still a layer above rigid hardship
    assert not decide(home, RIGID).eligible
