"""Dibao eligibility (D1.13), amount (D1.14) and review interval (D1.16).

Eligible when the per-capita monthly income is strictly below the local
standard of the household's county and urban/rural class and the property is
within the dibao rules. The amount is either the difference
`(standard − per-capita income) × covered members` or a tier by hardship,
rounded to the yuan or fen and raised to the minimum amount per member.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import partial

from minzheng.assistance.policy.assets import check_property
from minzheng.assistance.policy.facts import Household
from minzheng.assistance.policy.income import IncomeAssessment
from minzheng.assistance.policy.members import Membership
from minzheng.assistance.policy.money import (
    ZERO,
    apply_ratio,
    percent_text,
    ratio_text,
    shown,
    to_decimal,
    yuan,
)
from minzheng.assistance.policy.outcome import (
    Decision,
    Figure,
    Reason,
    household_decision,
    reason,
)
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.vocabulary import Benefit, DibaoMode, Employment, Programme
from minzheng.assistance.policy.work_ability import able_to_work

INCOME_NOT_BELOW = "dibao.income_not_below_standard"


@dataclass(frozen=True)
class Amount:
    value: Decimal
    reasons: tuple[Reason, ...]
    tier: int | None = None


def assess_dibao(
    household: Household,
    membership: Membership,
    income: IncomeAssessment,
    params: PolicyParameters,
) -> Decision:
    standard = params.dibao.standard(household.area_class)
    reasons = [*membership.reasons, *income.reasons]
    months, review_reason = review_interval(household, membership, params)
    figures: dict[str, Figure] = {
        "standard": standard,
        "per_capita_income": income.per_capita_shown,
        "counted_members": membership.size,
        "mode": params.dibao.amount_mode.value,
        "review_months": months,
    }
    if membership.size == 0:
        reasons.append(
            reason(
                "D1.4", "dibao.no_members", "没有计入的家庭成员，不能按户认定低保", against=True
            )
        )
        return _decision(False, ZERO, (), figures, reasons)
    income_ok, income_reason = income_test(income.per_capita, standard)
    check = check_property(
        household.property, membership.size, params.dibao.property_rules, standard
    )
    reasons.extend((income_reason, *check.reasons))
    if not (income_ok and check.within_rules):
        return _decision(False, ZERO, (), figures, reasons)
    amount = dibao_amount(standard, income.per_capita, membership.size, params)
    figures["tier"] = amount.tier
    reasons.extend((*amount.reasons, review_reason))
    covered = tuple(member.id for member in membership.counted)
    return _decision(True, amount.value, covered, figures, reasons)


def income_test(per_capita: Fraction, standard: Decimal) -> tuple[bool, Reason]:
    """D1.13: strictly below the standard; equal is not eligible."""
    if per_capita < Fraction(standard):
        text = f"人均收入 {yuan(shown(per_capita))} 元低于标准 {yuan(standard)} 元"
        return True, reason("D1.13", "dibao.income_below_standard", text)
    text = f"人均收入 {yuan(shown(per_capita))} 元不低于标准 {yuan(standard)} 元"
    return False, reason("D1.13", INCOME_NOT_BELOW, text, against=True)


def dibao_amount(
    standard: Decimal, per_capita: Fraction, covered: int, params: PolicyParameters
) -> Amount:
    """Monthly amount by the configured mode, rounded, then at least the minimum (D1.14)."""
    if params.dibao.amount_mode is DibaoMode.TIERED:
        raw, tier, reasons = _tiered(standard, per_capita, covered, params)
    else:
        raw, tier = to_decimal((Fraction(standard) - per_capita) * covered), None
        text = (
            f"差额补助：（标准 {yuan(standard)} 元 − 人均收入 {yuan(shown(per_capita))} 元）"
            f" × {covered} 人 = {yuan(raw)} 元/月"
        )
        reasons = [reason("D1.14", "dibao.amount_difference", text)]
    rounded = params.amount.round(raw)
    unit = params.amount.rounding_unit.label
    reasons.append(
        reason("D1.14", "dibao.amount_rounded", f"按{unit}取整为 {yuan(rounded)} 元/月")
    )
    minimum = params.dibao.amount_minimum_per_person * covered
    if rounded < minimum:
        per_person = yuan(params.dibao.amount_minimum_per_person)
        text = (
            f"低于最低发放金额，按每人 {per_person} 元 × {covered} 人 = {yuan(minimum)} 元/月发放"
        )
        reasons.append(reason("D1.14", "dibao.amount_minimum", text))
        rounded = minimum
    return Amount(rounded, tuple(reasons), tier)


def _tiered(
    standard: Decimal, per_capita: Fraction, covered: int, params: PolicyParameters
) -> tuple[Decimal, int, list[Reason]]:
    """The first tier whose gap floor the household reaches (tiers are ordered high to low)."""
    gap_ratio = (Fraction(standard) - per_capita) / Fraction(standard)
    index, tier = next(
        (i, t) for i, t in enumerate(params.dibao.amount_tiers, 1) if gap_ratio >= t.min_gap_ratio
    )
    per_person = apply_ratio(standard, tier.benefit_ratio)
    raw = per_person * covered
    text = (
        f"分档补助：差额占标准 {percent_text(gap_ratio)}，达到第 {index} 档下限 "
        f"{percent_text(tier.min_gap_ratio)}，按标准的 {ratio_text(tier.benefit_ratio)} 倍发放："
        f"{yuan(standard)} 元 × {ratio_text(tier.benefit_ratio)} × {covered} 人"
        f" = {yuan(raw)} 元/月"
    )
    return raw, index, [reason("D1.14", "dibao.amount_tier", text)]


def review_interval(
    household: Household, membership: Membership, params: PolicyParameters
) -> tuple[int, Reason]:
    """Months to the next review: the local class if set; every `unstable_months` when income
    is unstable (declared, or a member in flexible work) or a member can work; else yearly."""
    settings = params.dibao
    if household.review_class and household.review_class in settings.review_class_months:
        months = settings.review_class_months[household.review_class]
        text = f"分类管理，每 {months} 个月复核"
        return months, reason("D1.16", "dibao.review_by_class", text)
    why = _unstable_because(household, membership, params)
    if why:
        months = settings.review_unstable_months
        text = f"{why}，每 {months} 个月复核"
        return months, reason("D1.16", "dibao.review_unstable", text)
    months = settings.review_stable_months
    text = f"收入来源稳定且无劳动能力成员，每 {months} 个月复核"
    return months, reason("D1.16", "dibao.review_stable", text)


def _unstable_because(
    household: Household, membership: Membership, params: PolicyParameters
) -> str:
    if household.income_unstable:
        return "收入不稳定"
    flexible = [m.display for m in membership.counted if m.employment is Employment.FLEXIBLE]
    if flexible:
        return f"灵活就业、收入不稳定（{'、'.join(flexible)}）"
    day = household.decision_date
    able = [m.display for m in membership.counted if able_to_work(m, day, params)]
    return f"有劳动能力成员（{'、'.join(able)}）" if able else ""


# Dibao is decided for the household and paid monthly (D1.13, D1.14).
_decision = partial(household_decision, Programme.DIBAO, Benefit.MONTHLY)
