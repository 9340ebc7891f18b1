"""Statutory supporters (D2.1 third condition, D2.4 "unable to perform").

A 特困 applicant must have no statutory supporter, or only supporters who
cannot perform: a supporter who is 特困; a dibao recipient aged ≥ 60; aged
≥ 70 or severely disabled (grade 1–2, grade 3 intellectual/mental) with own
income below last year's local per-capita disposable income and property
within the low-income rules; without civil capacity, missing or in prison with
property within the low-income rules. Supporters living elsewhere are facts
the caller supplies; those in the household are derived (kinship.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from minzheng.assistance.policy.facts import Household, Member, Supporter, age_on
from minzheng.assistance.policy.kinship import household_supporters
from minzheng.assistance.policy.outcome import Reason, reason
from minzheng.assistance.policy.parameters import PolicyParameters

RULE = "D2.4"


@dataclass(frozen=True)
class SupportCheck:
    """D2.1's third condition: no supporter, or none able to perform."""

    met: bool
    reasons: tuple[Reason, ...]


def check_supporters(
    member: Member, household: Household, heads: int, params: PolicyParameters
) -> SupportCheck:
    """`heads` is the household size D1.4 counts, for the supporters' property test."""
    supporters = (*member.supporters, *household_supporters(member, household, heads, params))
    if not supporters:
        text = f"{member.display} 无法定赡养、抚养、扶养义务人"
        return SupportCheck(True, (reason("D2.1", "supporters.none", text, member.id),))
    reasons = []
    met = True
    for supporter in supporters:
        unable = unable_reason(supporter, household, params)
        if unable is None:
            met = False
            text = f"{member.display} 的法定义务人{_name(supporter)}具有履行义务能力"
            reasons.append(reason("D2.1", "supporters.able", text, member.id, against=True))
        else:
            reasons.append(
                reason(RULE, "supporters.unable", f"{member.display} 的{unable}", member.id)
            )
    return SupportCheck(met, tuple(reasons))


def unable_reason(
    supporter: Supporter, household: Household, params: PolicyParameters
) -> str | None:
    """Why the supporter cannot perform (a phrase), or None when they can."""
    settings, name = params.extreme_poverty, _name(supporter)
    age = age_on(supporter.birth_date, household.decision_date) if supporter.birth_date else None
    property_ok = supporter.property_within_low_income_rules
    if supporter.is_extreme_poverty:
        return f"法定义务人{name}为特困人员，无履行能力"
    if supporter.is_dibao_recipient and age is not None and age >= settings.supporter_dibao_age:
        return f"法定义务人{name}为年满 {settings.supporter_dibao_age} 周岁的低保对象，无履行能力"
    poor = _income_below_disposable(supporter, household, params) and property_ok
    if age is not None and age >= settings.supporter_elderly_age and poor:
        return (
            f"法定义务人{name}年满 {settings.supporter_elderly_age} 周岁，"
            "本人收入低于上年度当地居民人均可支配收入且财产符合规定，无履行能力"
        )
    disability = supporter.disability
    if disability and disability.within(params.disability.severe_max_grade) and poor:
        return (
            f"法定义务人{name}为{disability.label}（重度残疾），"
            "本人收入低于上年度当地居民人均可支配收入且财产符合规定，无履行能力"
        )
    return _incapacity(supporter, name) if property_ok else None


def _incapacity(supporter: Supporter, name: str) -> str | None:
    situations = [
        text
        for flag, text in (
            (supporter.no_civil_capacity, "无民事行为能力"),
            (supporter.missing, "下落不明"),
            (supporter.imprisoned, "正在服刑"),
        )
        if flag
    ]
    if not situations:
        return None
    return f"法定义务人{name}{'、'.join(situations)}且财产符合规定，无履行能力"


def _income_below_disposable(
    supporter: Supporter, household: Household, params: PolicyParameters
) -> bool:
    """Own yearly income strictly below last year's per-capita disposable income."""
    if supporter.monthly_income is None:
        return False
    limit = params.reference.disposable_income(household.area_class)
    return supporter.monthly_income * 12 < limit


def _name(supporter: Supporter) -> str:
    relation = supporter.relation.label
    return f"（{relation}，{supporter.name}）" if supporter.name else f"（{relation}）"
