"""Temporary assistance (临时救助, D3.1): emergency and expenditure types.

Emergency aid (fire, traffic accident, injury, sudden serious illness) has no
means test — urgent cases are helped first and papers follow (先行救助) — and
covers the family's uncovered loss up to a cap. Expenditure aid requires the
per-capita income to be below last year's local per-capita disposable income;
the family is expected to bear costs up to `burden_ratio` × its yearly
counted income, and the excess is covered up to a cap. Caps are in months of
the local dibao standard so that they follow the standard's rises; amounts
above the township limit go to the county for approval.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import partial

from minzheng.assistance.policy.facts import Household, TemporaryNeed
from minzheng.assistance.policy.income import IncomeAssessment, disposable_income_test
from minzheng.assistance.policy.members import Membership
from minzheng.assistance.policy.money import ZERO, apply_ratio, ratio_text, yuan
from minzheng.assistance.policy.outcome import (
    Decision,
    Figure,
    Reason,
    household_decision,
    reason,
)
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.vocabulary import Benefit, Programme, TemporaryType

RULE = "D3.1"


def assess_temporary(
    household: Household,
    membership: Membership,
    income: IncomeAssessment,
    params: PolicyParameters,
) -> Decision:
    need = household.temporary
    if need is None:
        refusal = reason(
            RULE, "temporary.not_requested", "未提出临时救助申请（未提供救助事由）", against=True
        )
        return _decision(False, ZERO, (), {}, [refusal])
    covered = tuple(m.id for m in membership.counted) or (household.head.id,)
    if need.type is TemporaryType.EMERGENCY:
        eligible, base, reasons = _emergency(need)
        cap_months = params.temporary.emergency_cap_months
    else:
        eligible, base, reasons = _expenditure(need, household, income, params)
        cap_months = params.temporary.expenditure_cap_months
    if not eligible:
        return _decision(False, ZERO, (), {"type": need.type.value}, reasons)
    amount, figures, amount_reasons = _capped(base, cap_months, household, params)
    figures["type"] = need.type.value
    return _decision(True, amount, covered, figures, [*reasons, *amount_reasons])


def _emergency(need: TemporaryNeed) -> tuple[bool, Decimal, list[Reason]]:
    kind = need.emergency_kind.label if need.emergency_kind else "突发事件"
    if need.cost <= 0:
        text = f"急难型（{kind}）：没有需要家庭自负的损失或费用"
        return False, ZERO, [reason(RULE, "temporary.no_cost", text, against=True)]
    text = f"急难型（{kind}）：家庭自负损失 {yuan(need.cost)} 元，可先行救助、后补手续"
    return True, need.cost, [reason(RULE, "temporary.emergency", text)]


def _expenditure(
    need: TemporaryNeed, household: Household, income: IncomeAssessment, params: PolicyParameters
) -> tuple[bool, Decimal, list[Reason]]:
    below, means = disposable_income_test(
        income, household, params, rule=RULE, prefix="temporary", label="支出型："
    )
    if not below:
        return False, ZERO, [means]
    ratio = params.temporary.expenditure_burden_ratio
    bearable = params.amount.round(apply_ratio(income.annual_gross, ratio))
    excess = need.cost - bearable
    text = (
        f"自负费用 {yuan(need.cost)} 元，家庭可承受 {yuan(bearable)} 元"
        f"（年收入 {yuan(income.annual_gross)} 元 × {ratio_text(ratio)}）"
    )
    if excess <= 0:
        refusal = reason(
            RULE, "temporary.within_capacity", f"{text}，未超出家庭承受能力", against=True
        )
        return False, ZERO, [means, refusal]
    burden = reason(RULE, "temporary.beyond_capacity", f"{text}，超出 {yuan(excess)} 元")
    return True, excess, [means, burden]


def _capped(
    base: Decimal, cap_months: Fraction, household: Household, params: PolicyParameters
) -> tuple[Decimal, dict[str, Figure], list[Reason]]:
    standard = params.dibao.standard(household.area_class)
    cap = params.amount.round(apply_ratio(standard, cap_months))
    amount = min(params.amount.round(base), cap)
    text = (
        f"救助金额 {yuan(amount)} 元（不超过 {ratio_text(cap_months)} 个月低保标准 "
        f"{yuan(cap)} 元）"
    )
    township = amount <= params.temporary.township_limit
    level = "乡镇（街道）审批" if township else "报县级民政部门审批"
    approval = f"{level}（乡镇审批权限 {yuan(params.temporary.township_limit)} 元）"
    reasons = [
        reason(RULE, "temporary.amount", text),
        reason(
            RULE,
            "temporary.approval_township" if township else "temporary.approval_county",
            approval,
        ),
    ]
    figures: dict[str, Figure] = {
        "cap": cap,
        "approval_level": "township" if township else "county",
    }
    return amount, figures, reasons


# Temporary assistance is decided for the household and paid once (D3.1).
_decision = partial(household_decision, Programme.TEMPORARY, Benefit.ONE_TIME)
