"""Low-income layers without a cash allowance: near-dibao (D3.5) and rigid-expenditure
hardship (D3.6) households.

Both are statuses that open special assistance (medical, education, housing)
and monitoring (D5.1); they carry no monthly amount, so their decisions have
amount 0 and benefit "status".
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from minzheng.assistance.policy.assets import check_property
from minzheng.assistance.policy.dates import add_months
from minzheng.assistance.policy.facts import Household
from minzheng.assistance.policy.income import IncomeAssessment, disposable_income_test
from minzheng.assistance.policy.members import Membership
from minzheng.assistance.policy.money import percent_text, yuan
from minzheng.assistance.policy.outcome import (
    Decision,
    Figure,
    Reason,
    household_decision,
    reason,
)
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.single_person import near_dibao_household
from minzheng.assistance.policy.vocabulary import Benefit, Programme


def assess_near_dibao(
    household: Household,
    membership: Membership,
    income: IncomeAssessment,
    dibao: Decision,
    params: PolicyParameters,
) -> Decision:
    """D3.5: not dibao-eligible, per-capita income < 1.5 × standard, property within rules."""
    if dibao.eligible:
        refusal = reason(
            "D3.5", "near_dibao.is_dibao", "家庭符合低保条件，不属于低保边缘家庭", against=True
        )
        return _status(Programme.NEAR_DIBAO, False, (), {}, [refusal])
    near, reasons = near_dibao_household(household, membership, income, params)
    covered = tuple(m.id for m in membership.counted) if near else ()
    return _status(Programme.NEAR_DIBAO, near, covered, {}, reasons)


def assess_rigid_hardship(
    household: Household,
    membership: Membership,
    income: IncomeAssessment,
    others: tuple[Decision, ...],
    params: PolicyParameters,
) -> Decision:
    """D3.6: none of dibao, 特困, near-dibao; income below disposable income; property within
    rules; rigid spending over the period ÷ household income over the period above the ratio."""
    held = [d.programme.label for d in others if d.eligible]
    if held:
        text = f"家庭已属{'、'.join(held)}，不再认定为刚性支出困难家庭"
        return _status(
            Programme.RIGID_HARDSHIP,
            False,
            (),
            {},
            [reason("D3.6", "rigid.other_layer", text, against=True)],
        )
    income_ok, income_reason = disposable_income_test(
        income, household, params, rule="D3.6", prefix="rigid"
    )
    standard = params.dibao.standard(household.area_class)
    rules = params.low_income.property_rules("D3.6")
    check = check_property(household.property, membership.size, rules, standard)
    burden_ok, burden_reason, figures = _burden(household, income, params)
    reasons = [income_reason, *check.reasons, burden_reason]
    eligible = membership.size > 0 and income_ok and check.within_rules and burden_ok
    if eligible:
        months = params.rigid_hardship.validity_months
        until = add_months(household.decision_date, months)
        figures["valid_until"] = until.isoformat()
        text = f"认定有效期 {months} 个月，至 {until.isoformat()}"
        reasons.append(reason("D3.6", "rigid.validity", text))
    covered = tuple(m.id for m in membership.counted) if eligible else ()
    return _status(Programme.RIGID_HARDSHIP, eligible, covered, figures, reasons)


def _burden(
    household: Household, income: IncomeAssessment, params: PolicyParameters
) -> tuple[bool, Reason, dict[str, Figure]]:
    """Rigid spending over the period against counted income over the same period (before
    D1.12 deductions, so that medical costs are not counted twice)."""
    settings, months = params.rigid_hardship, params.household.expenditure_months
    spent = household.expenditure(settings.expenditure_kinds)
    earned = income.gross * months
    figures: dict[str, Figure] = {"rigid_expenditure": spent, "period_income": earned}
    if spent <= 0:
        text = f"近 {months} 个月无刚性支出"
        return False, reason("D3.6", "rigid.burden_not_above_ratio", text, against=True), figures
    limit = f"{percent_text(settings.expenditure_ratio)}"
    if earned <= 0 or Fraction(spent) / Fraction(earned) > settings.expenditure_ratio:
        share = (
            "（家庭无收入）" if earned <= 0 else percent_text(Fraction(spent) / Fraction(earned))
        )
        text = (
            f"近 {months} 个月刚性支出 {yuan(spent)} 元占同期家庭收入 {yuan(earned)} 元的"
            f" {share}，超过 {limit}"
        )
        return True, reason("D3.6", "rigid.burden_above_ratio", text), figures
    share = percent_text(Fraction(spent) / Fraction(earned))
    text = (
        f"近 {months} 个月刚性支出 {yuan(spent)} 元占同期家庭收入 {yuan(earned)} 元的"
        f" {share}，未超过 {limit}"
    )
    return False, reason("D3.6", "rigid.burden_not_above_ratio", text, against=True), figures


def _status(
    programme: Programme,
    eligible: bool,
    covered: tuple[str, ...],
    figures: dict[str, Figure],
    reasons: list[Reason],
) -> Decision:
    """The monitoring layers are a status, with no amount (D3.5, D3.6)."""
    return household_decision(
        programme, Benefit.STATUS, eligible, Decimal("0.00"), covered, figures, reasons
    )
