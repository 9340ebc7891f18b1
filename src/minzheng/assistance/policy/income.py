"""Household income for the means test: counted kinds (D1.11) less rigid expenditure (D1.12).

Only the members D1.4 counts bring income into the household. Kinds listed in
`dibao.income.excluded_kinds` (preferential-treatment payments, scholarships,
social-assistance money…) are shown but not counted. Rigid expenditure kinds
listed in `dibao.deduction.caps` are averaged over the configured period and
deducted up to their monthly cap, never below zero income. The per-capita
income is the exact quotient (1300 ÷ 3 stays 433⅓, so 3 × the gap to 780 is
exactly 1040.00); it is shown truncated to the fen, which never changes a
"strictly below" comparison with a standard.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from minzheng.assistance.policy.facts import Household
from minzheng.assistance.policy.members import Membership
from minzheng.assistance.policy.money import ZERO, shown, to_fen, yuan
from minzheng.assistance.policy.outcome import Reason, reason
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.vocabulary import IncomeKind


@dataclass(frozen=True)
class IncomeAssessment:
    """Monthly household income figures, in yuan (D1.11, D1.12)."""

    counted_members: int
    gross: Decimal
    excluded: Decimal
    deductions: Decimal
    net: Decimal
    per_capita: Fraction
    reasons: tuple[Reason, ...]

    @property
    def per_capita_shown(self) -> Decimal:
        return shown(self.per_capita)

    @property
    def annual_gross(self) -> Decimal:
        return self.gross * 12


def assess_income(
    household: Household, membership: Membership, params: PolicyParameters
) -> IncomeAssessment:
    excluded_kinds = params.dibao.income_excluded_kinds
    gross, excluded, reasons = _counted_income(membership, excluded_kinds)
    deductions, deduction_reasons = rigid_deductions(household, params, limit=gross)
    net = gross - deductions
    size = membership.size
    per_capita = Fraction(net) / size if size else Fraction(0)
    summary = (
        f"家庭月人均收入 = （计入收入 {yuan(gross)} 元 − 刚性支出扣减 {yuan(deductions)} 元）"
        f" ÷ {size} 人 = {yuan(shown(per_capita))} 元"
    )
    found = (*reasons, *deduction_reasons, reason("D1.11", "income.per_capita", summary))
    return IncomeAssessment(size, gross, excluded, deductions, net, per_capita, found)


def _counted_income(
    membership: Membership, excluded_kinds: frozenset[IncomeKind]
) -> tuple[Decimal, Decimal, list[Reason]]:
    gross, excluded, reasons = ZERO, ZERO, []
    for member in membership.counted:
        for item in member.incomes:
            counted = item.kind not in excluded_kinds
            if counted:
                gross += item.monthly
            else:
                excluded += item.monthly
            verb, code = ("计入", "income.counted") if counted else ("不计入", "income.excluded")
            text = f"{member.display} 的{item.kind.label} {yuan(item.monthly)} 元/月{verb}家庭收入"
            reasons.append(reason("D1.11", code, text, member.id))
    return gross, excluded, reasons


def rigid_deductions(
    household: Household, params: PolicyParameters, *, limit: Decimal
) -> tuple[Decimal, list[Reason]]:
    """Monthly deduction per configured kind, capped, and in total never above `limit` (D1.12)."""
    months = params.household.expenditure_months
    total, reasons = ZERO, []
    for kind, cap in sorted(params.dibao.deduction_caps.items()):
        spent = household.expenditure([kind])
        if spent <= 0:
            continue
        monthly = to_fen(spent / months)
        deducted = min(monthly, cap)
        total += deducted
        text = (
            f"扣减{kind.label} {yuan(deducted)} 元/月"
            f"（{months} 个月合计 {yuan(spent)} 元，月均 {yuan(monthly)} 元，"
            f"每月上限 {yuan(cap)} 元）"
        )
        reasons.append(reason("D1.12", "income.deduction", text))
    if total > limit:
        text = f"刚性支出扣减 {yuan(total)} 元超过计入收入，以收入 {yuan(limit)} 元为限"
        reasons.append(reason("D1.12", "income.deduction_limited", text))
        total = limit
    return total, reasons


def disposable_income_test(
    income: IncomeAssessment,
    household: Household,
    params: PolicyParameters,
    *,
    rule: str,
    prefix: str,
    label: str = "",
) -> tuple[bool, Reason]:
    """Per-capita yearly income strictly below last year's local per-capita disposable income
    (D3.1 expenditure type, D3.6)."""
    yearly = income.per_capita * 12
    limit = params.reference.disposable_income(household.area_class)
    below = yearly < Fraction(limit)
    text = (
        f"{label}人均年收入 {yuan(shown(yearly))} 元{'' if below else '不'}低于"
        f"上年度当地居民人均可支配收入 {yuan(limit)} 元"
    )
    code = (
        f"{prefix}.income_below_disposable" if below else f"{prefix}.income_not_below_disposable"
    )
    return below, reason(rule, code, text, against=not below)
