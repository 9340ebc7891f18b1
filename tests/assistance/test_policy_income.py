"""D1.11 counted and excluded income, D1.12 rigid-expenditure deductions, per-capita income."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from minzheng.assistance.policy.facts import Expenditure, Household, Income
from minzheng.assistance.policy.income import IncomeAssessment, assess_income
from minzheng.assistance.policy.members import count_members
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.vocabulary import ExpenditureKind, IncomeKind, Relation
from tests.assistance.test_policy_factories import family, household, member, params


def _income(home: Household, settings: PolicyParameters | None = None) -> IncomeAssessment:
    settings = settings or params()
    return assess_income(home, count_members(home, settings), settings)


@pytest.mark.parametrize(
    "kind",
    [
        IncomeKind.PREFERENTIAL_TREATMENT,
        IncomeKind.FAMILY_PLANNING_REWARD,
        IncomeKind.SCHOLARSHIP,
        IncomeKind.BRAVERY_REWARD,
        IncomeKind.SOCIAL_ASSISTANCE,
        IncomeKind.RESIDENT_BASIC_PENSION,
    ],
)
def test_d1_11_exclusions_are_not_counted(kind: IncomeKind) -> None:
    head = member(incomes=(Income(IncomeKind.WAGES, Decimal("600")), Income(kind, Decimal("300"))))
    result = _income(household(head))
    assert (result.gross, result.excluded) == (Decimal("600"), Decimal("300"))
    assert any(r.code == "income.excluded" and kind.label in r.message for r in result.reasons)


@pytest.mark.parametrize(
    "kind",
    [
        IncomeKind.WAGES,
        IncomeKind.BUSINESS_NET,
        IncomeKind.PROPERTY_NET,
        IncomeKind.TRANSFER_NET,
        IncomeKind.SOCIAL_INSURANCE_BENEFIT,
    ],
)
def test_d1_11_counted_kinds_are_counted(kind: IncomeKind) -> None:
    result = _income(household(member(incomes=(Income(kind, Decimal("450.50")),))))
    assert result.gross == Decimal("450.50")


def test_a_city_can_add_an_excluded_kind() -> None:
    head = member(incomes=(Income(IncomeKind.OLD_AGE_ALLOWANCE, Decimal("100")),))
    assert _income(household(head)).gross == Decimal("100")
    settings = params({"dibao.income.excluded_kinds": "old_age_allowance"})
    assert _income(household(head), settings).gross == Decimal("0")


def test_income_of_members_who_do_not_count_is_not_household_income() -> None:
    home = household(
        member("m1", incomes=(Income(IncomeKind.WAGES, Decimal("500")),)),
        member(
            "m2", Relation.CHILD_IN_LAW, 30, incomes=(Income(IncomeKind.WAGES, Decimal("3000")),)
        ),
    )
    result = _income(home)
    assert (result.gross, result.counted_members) == (Decimal("500"), 1)


def test_rigid_expenditure_is_deducted_as_a_monthly_average() -> None:
    home = family(
        "1000", "0", expenditures=(Expenditure(ExpenditureKind.MEDICAL, Decimal("3600")),)
    )
    result = _income(home)
    assert result.deductions == Decimal("300.00")
    assert result.net == Decimal("700.00")
    assert any(r.rule == "D1.12" and "300.00" in r.message for r in result.reasons)


def test_each_deduction_is_capped_per_month() -> None:
    expenses = (
        Expenditure(ExpenditureKind.MEDICAL, Decimal("12000")),  # 1000/month, cap 500
        Expenditure(ExpenditureKind.WORK, Decimal("1200")),  # 100/month, cap 200
    )
    result = _income(family("2000", "0", expenditures=expenses))
    assert result.deductions == Decimal("600.00")


def test_kinds_without_a_cap_are_not_deducted() -> None:
    expenses = (Expenditure(ExpenditureKind.EDUCATION, Decimal("12000")),)
    assert _income(family("2000", expenditures=expenses)).deductions == 0


def test_deductions_never_make_income_negative() -> None:
    expenses = (Expenditure(ExpenditureKind.MEDICAL, Decimal("6000")),)
    result = _income(family("200", expenditures=expenses))
    assert (result.deductions, result.net) == (Decimal("200"), Decimal("0"))
    assert any(r.code == "income.deduction_limited" for r in result.reasons)


def test_the_deduction_rules_are_settings() -> None:
    expenses = (Expenditure(ExpenditureKind.EDUCATION, Decimal("2400")),)
    settings = params({"dibao.deduction.caps": "education:150"})
    assert _income(family("2000", expenditures=expenses), settings).deductions == Decimal("150")


def test_per_capita_income_is_exact_and_shown_truncated_to_the_fen() -> None:
    result = _income(family("1300", "0", "0"))
    assert result.per_capita == Fraction(1300, 3)
    assert result.per_capita_shown == Decimal("433.33")
    result = _income(family("2339.99", "0", "0"))
    assert result.per_capita_shown == Decimal("779.99")
