"""Extreme-poverty support (特困人员救助供养, D2.1–D2.9), person by person.

All three conditions of D2.1 are required: no ability to work (D2.2, or the
D2.6 continuation for minors and students), no means of living (D2.3: own
income below the dibao standard, property within the 特困 rules) and no
supporter able to perform (D2.4). The monthly amount is the basic living
standard, at least `basic.min_ratio` × the dibao standard, plus the care
standard of the person's care level (D2.8) and support setting (D2.9).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from minzheng.assistance.policy.assets import check_property
from minzheng.assistance.policy.care import assess_care
from minzheng.assistance.policy.facts import Household, Member
from minzheng.assistance.policy.members import Membership
from minzheng.assistance.policy.money import ZERO, apply_ratio, ratio_text, round_up, to_fen, yuan
from minzheng.assistance.policy.outcome import Decision, Figure, Reason, frozen, per_person, reason
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.supporters import check_supporters
from minzheng.assistance.policy.vocabulary import AreaClass, Custody, Programme
from minzheng.assistance.policy.work_ability import inability_reasons

PROGRAMME = Programme.EXTREME_POVERTY


@dataclass(frozen=True)
class MemberResult:
    """One member's assessment before the D2.5 choice between programmes."""

    member_id: str
    eligible: bool
    amount: Decimal
    reasons: tuple[Reason, ...]
    figures: Mapping[str, Figure]


def assess_members(
    household: Household, membership: Membership, params: PolicyParameters
) -> tuple[MemberResult, ...]:
    return tuple(assess_member(m, household, membership, params) for m in household.members)


def assess_member(
    member: Member, household: Household, membership: Membership, params: PolicyParameters
) -> MemberResult:
    barred = _barred(member)
    if barred is not None:
        return _refused(member, [barred])
    grounds = work_grounds(member, household, params)
    if not grounds.met:
        return _refused(member, grounds.reasons)
    means_met, means = _means(member, household, membership, params)
    if not means_met:
        return _refused(member, [*grounds.reasons, *means])
    supporters = check_supporters(member, household, membership.size, params)
    if not supporters.met:
        return _refused(member, [*grounds.reasons, *means, *supporters.reasons])
    amount, figures, amount_reasons = support_amount(member, household, params)
    reasons = (*grounds.reasons, *means, *supporters.reasons, *amount_reasons)
    return MemberResult(member.id, True, amount, reasons, frozen(figures))


def _refused(member: Member, reasons: list[Reason] | tuple[Reason, ...]) -> MemberResult:
    return MemberResult(member.id, False, ZERO, tuple(reasons), frozen({}))


def _barred(member: Member) -> Reason | None:
    """Death and imprisonment end support whatever else holds (D2.7)."""
    if member.deceased:
        return reason(
            "D2.7", "extreme_poverty.deceased", f"{member.display} 已死亡", member.id, against=True
        )
    if member.custody is not Custody.NONE:
        text = f"{member.display} 正在{member.custody.label}，不予供养"
        return reason("D2.7", "extreme_poverty.in_custody", text, member.id, against=True)
    return None


@dataclass(frozen=True)
class WorkGrounds:
    met: bool
    reasons: tuple[Reason, ...]


def work_grounds(member: Member, household: Household, params: PolicyParameters) -> WorkGrounds:
    """No ability to work (D2.2), or a continuing minor or student (D2.6)."""
    found = inability_reasons(member, household.decision_date, params)
    if found:
        return WorkGrounds(True, found)
    continuing = _continuation(member, household, params)
    if continuing is not None:
        return WorkGrounds(continuing.code == "extreme_poverty.continued", (continuing,))
    age = member.age_on(household.decision_date)
    text = f"{member.display}（{age} 周岁）具有劳动能力，不符合特困人员条件"
    return WorkGrounds(
        False, (reason("D2.2", "extreme_poverty.able_to_work", text, member.id, against=True),)
    )


def _continuation(member: Member, household: Household, params: PolicyParameters) -> Reason | None:
    """D2.6: a supported minor keeps support to 18, and past 18 while in the listed schools."""
    if PROGRAMME not in member.receiving:
        return None
    who, age, adult = member.display, member.age_on(household.decision_date), params.age.adult
    if age < adult:
        text = f"{who} 为未成年特困人员（{age} 周岁），继续供养至 {adult} 周岁"
        return reason("D2.6", "extreme_poverty.continued", text, member.id)
    if member.in_school(params.extreme_poverty.school_stages):
        text = f"{who} 年满 {adult} 周岁仍在{member.school_stage.label}就读，继续供养"
        return reason("D2.6", "extreme_poverty.continued", text, member.id)
    stages = "、".join(sorted(s.label for s in params.extreme_poverty.school_stages))
    text = f"{who} 已满 {adult} 周岁且未在{stages}就读，不再继续供养"
    return reason("D2.6", "extreme_poverty.continuation_ended", text, member.id, against=True)


def _means(
    member: Member, household: Household, membership: Membership, params: PolicyParameters
) -> tuple[bool, list[Reason]]:
    """No means of living (D2.3): own income below the dibao standard, property within rules."""
    who, standard = member.display, params.dibao.standard(household.area_class)
    excluded = params.extreme_poverty.income_excluded_kinds
    reasons = [
        reason(
            "D2.3",
            "extreme_poverty.income_excluded",
            f"{who} 的{item.kind.label} {yuan(item.monthly)} 元/月不计入收入",
            member.id,
        )
        for item in member.incomes
        if item.kind in excluded
    ]
    own = to_fen(member.income(excluded))
    if own < standard:
        text = f"{who} 本人月收入 {yuan(own)} 元低于低保标准 {yuan(standard)} 元"
        reasons.append(reason("D2.3", "extreme_poverty.income_below_standard", text, member.id))
    else:
        text = f"{who} 本人月收入 {yuan(own)} 元不低于低保标准 {yuan(standard)} 元"
        reasons.append(
            reason(
                "D2.3", "extreme_poverty.income_not_below_standard", text, member.id, against=True
            )
        )
        return False, reasons
    rules = params.extreme_poverty.property_rules
    check = check_property(household.property, membership.size, rules, standard)
    return check.within_rules, [*reasons, *check.reasons]


def basic_for(area_class: AreaClass, params: PolicyParameters) -> Decimal:
    """The configured basic standard, raised to min_ratio × dibao standard if lower (D2.9)."""
    settings = params.extreme_poverty
    standard = params.dibao.standard(area_class)
    floor = round_up(apply_ratio(standard, settings.basic_min_ratio), params.amount.rounding_unit)
    return max(settings.basic(area_class), floor)


def basic_standard(household: Household, params: PolicyParameters) -> tuple[Decimal, Reason]:
    """`basic_for` the household's area class, with its reason (D2.9)."""
    settings = params.extreme_poverty
    standard = params.dibao.standard(household.area_class)
    configured = settings.basic(household.area_class)
    floor = round_up(apply_ratio(standard, settings.basic_min_ratio), params.amount.rounding_unit)
    basic = basic_for(household.area_class, params)
    text = (
        f"基本生活标准 {yuan(basic)} 元/月（设定 {yuan(configured)} 元，不低于低保标准 "
        f"{yuan(standard)} 元 × {ratio_text(settings.basic_min_ratio)} = {yuan(floor)} 元）"
    )
    return basic, reason("D2.9", "extreme_poverty.basic_standard", text)


def support_amount(
    member: Member, household: Household, params: PolicyParameters
) -> tuple[Decimal, dict[str, Figure], list[Reason]]:
    """Basic living standard + care standard by care level and setting (D2.8, D2.9)."""
    basic, basic_reason = basic_standard(household, params)
    level, care_reason = assess_care(member, params)
    ratio = params.extreme_poverty.care_ratio(member.support_setting, level)
    wage = params.reference.minimum_wage
    care = params.amount.round(apply_ratio(wage, ratio))
    total = basic + care
    care_text = (
        f"照料护理标准（{member.support_setting.label}，{level.label}）：最低工资 {yuan(wage)} 元"
        f" × {ratio_text(ratio)} = {yuan(care)} 元/月"
    )
    total_text = (
        f"{member.display} 供养金额 = 基本生活标准 {yuan(basic)} 元 + 照料护理标准 "
        f"{yuan(care)} 元 = {yuan(total)} 元/月"
    )
    reasons = [
        basic_reason,
        care_reason,
        reason("D2.9", "extreme_poverty.care_standard", care_text, member.id),
        reason("D2.9", "extreme_poverty.amount", total_text, member.id),
    ]
    figures: dict[str, Figure] = {
        "care_level": level.value,
        "support_setting": member.support_setting.value,
        "basic_standard": basic,
        "care_standard": care,
    }
    return total, figures, reasons


def decide(
    results: tuple[MemberResult, ...],
    chose_other: Mapping[str, Reason],
    household: Household,
    params: PolicyParameters,
) -> Decision:
    """Combine the members' results; members who chose child support are left out (D2.5)."""
    covered = [r for r in results if r.eligible and r.member_id not in chose_other]
    reasons = [item for r in results for item in r.reasons]
    reasons.extend(chose_other.values())
    if not covered:
        text = "没有成员同时符合无劳动能力、无生活来源、无法定义务人或其无履行能力三项条件"
        reasons.append(reason("D2.1", "extreme_poverty.none_eligible", text, against=True))
    basic, _ = basic_standard(household, params)
    figures: dict[str, Figure] = {
        "basic_standard": basic,
        "dibao_standard": params.dibao.standard(household.area_class),
    }
    amounts = {r.member_id: r.amount for r in covered}
    member_figures = {r.member_id: r.figures for r in covered}
    return per_person(PROGRAMME, amounts, figures, reasons, member_figures)
