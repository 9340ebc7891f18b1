"""Single-person dibao (单人保, D1.15).

In a household that is not dibao-eligible but is near-dibao (per-capita income
below `near_dibao.income_ratio` × standard, property within the low-income
rules, D3.5), a member with a severe disability (grade 1–2, or grade 3
intellectual/mental by default) or a locally recognised serious illness may be
covered alone. Clergy living at a religious site for the configured years, who
D1.4 leaves out of the household, may be covered alone when their own income
is below the standard. Each is assessed as a one-person household on their own
counted income — the household's income is not divided among them — and paid
the gap between the standard and that income, at least the configured floor
(60 % of the standard by default) when one is set; a member whose own income is
not below the standard is not covered, so a covered member is never paid 0.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from minzheng.assistance.policy.assets import check_property
from minzheng.assistance.policy.facts import Household, Member
from minzheng.assistance.policy.income import IncomeAssessment
from minzheng.assistance.policy.members import Membership, is_long_serving_clergy
from minzheng.assistance.policy.money import apply_ratio, ratio_text, to_decimal, yuan
from minzheng.assistance.policy.outcome import Decision, Reason, per_person, reason
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.vocabulary import Custody, Programme

RULE = "D1.15"


def assess_single_person(
    household: Household,
    membership: Membership,
    income: IncomeAssessment,
    dibao: Decision,
    params: PolicyParameters,
) -> Decision:
    amounts: dict[str, Decimal] = {}
    reasons: list[Reason] = []
    if dibao.eligible:
        reasons.append(
            reason(RULE, "single_person.household_covered", "家庭已整体纳入低保，无需单人保")
        )
    else:
        near, near_reasons = near_dibao_household(household, membership, income, params)
        reasons.extend(near_reasons)
        if near:
            for member in membership.counted:
                _cover(member, household, params, amounts, reasons)
    for member in household.members:
        if _clergy_candidate(member, household, params):
            _cover(member, household, params, amounts, reasons, clergy=True)
    if not amounts:
        reasons.append(
            reason(RULE, "single_person.none_eligible", "没有符合单人保条件的成员", against=True)
        )
    floor = {"floor": _floor(household, params)}
    return per_person(Programme.DIBAO_SINGLE_PERSON, amounts, floor, reasons)


def near_dibao_household(
    household: Household,
    membership: Membership,
    income: IncomeAssessment,
    params: PolicyParameters,
) -> tuple[bool, list[Reason]]:
    """D3.5's income and property test, shared with the near-dibao layer."""
    standard = params.dibao.standard(household.area_class)
    ratio = params.near_dibao.income_ratio
    limit = Fraction(standard) * ratio
    if membership.size == 0:
        return False, [reason("D3.5", "near_dibao.no_members", "没有计入的家庭成员", against=True)]
    compared = (
        f"人均收入 {yuan(income.per_capita_shown)} 元{{}}低于低保标准的 {ratio_text(ratio)} 倍"
        f"（{yuan(to_decimal(limit))} 元）"
    )
    if income.per_capita >= limit:
        text = compared.format("不") + "，不属于低保边缘家庭"
        return False, [reason("D3.5", "near_dibao.income_not_below_limit", text, against=True)]
    text = compared.format("")
    rules = params.low_income.property_rules("D3.5")
    check = check_property(household.property, membership.size, rules, standard)
    return check.within_rules, [
        reason("D3.5", "near_dibao.income_below_limit", text),
        *check.reasons,
    ]


def _cover(
    member: Member,
    household: Household,
    params: PolicyParameters,
    amounts: dict[str, Decimal],
    reasons: list[Reason],
    *,
    clergy: bool = False,
) -> None:
    ground = "在宗教活动场所居住满规定年限的宗教教职人员" if clergy else _ground(member, params)
    if ground is None:
        return
    standard = params.dibao.standard(household.area_class)
    own = member.income(params.dibao.income_excluded_kinds)
    if own >= standard:
        text = (
            f"{member.display} 为{ground}，但本人月收入 {yuan(own)} 元不低于低保标准 "
            f"{yuan(standard)} 元，不单独纳入低保"
        )
        reasons.append(reason(RULE, "single_person.own_income_not_below", text, member.id))
        return
    floor = _floor(household, params)
    gap = params.amount.round(to_decimal(Fraction(standard) - Fraction(own)))
    amount = max(gap, floor)
    text = (
        f"{member.display} 为{ground}，按单人户单独纳入低保：标准 {yuan(standard)} 元 − "
        f"本人月收入 {yuan(own)} 元 = {yuan(gap)} 元，不低于标准的 "
        f"{ratio_text(params.dibao.single_person_floor_ratio)} 倍 {yuan(floor)} 元，"
        f"发放 {yuan(amount)} 元/月"
    )
    reasons.append(reason(RULE, "single_person.covered", text, member.id))
    amounts[member.id] = amount


def _ground(member: Member, params: PolicyParameters) -> str | None:
    disability = member.disability
    if disability is not None and disability.within(params.disability.severe_max_grade):
        return f"{disability.label}的重度残疾人"
    if member.serious_illness:
        return "本地认定的重病患者"
    return None


def _clergy_candidate(member: Member, household: Household, params: PolicyParameters) -> bool:
    """Clergy ≥ N years "in hardship": own counted income strictly below the standard."""
    if member.deceased or member.custody is not Custody.NONE:
        return False
    if not is_long_serving_clergy(member, household, params):
        return False
    own = member.income(params.dibao.income_excluded_kinds)
    return own < params.dibao.standard(household.area_class)


def _floor(household: Household, params: PolicyParameters) -> Decimal:
    standard = params.dibao.standard(household.area_class)
    return params.amount.round(apply_ratio(standard, params.dibao.single_person_floor_ratio))
