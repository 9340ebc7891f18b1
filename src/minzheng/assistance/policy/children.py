"""Orphans (D3.2) and de-facto unsupported children (D3.3).

A child under 18 whose parents are both dead or declared missing is an
orphan, paid the institutional or home-raised standard. A child whose parents
both cannot raise them — severe disability, serious illness, or in prison,
compulsory rehabilitation, other restriction of liberty or lost contact for
at least the configured months (plus the configured local cases) — or whose
one parent is dead/missing and the other in such a situation, is a de-facto
unsupported child, paid by reference to the home-raised orphan standard.
Support continues past 18 for a child already supported who is still in school.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from minzheng.assistance.policy.dates import months_elapsed_at_least
from minzheng.assistance.policy.facts import Household, Member, Parent
from minzheng.assistance.policy.money import ZERO, apply_ratio, ratio_text, yuan
from minzheng.assistance.policy.outcome import Decision, Figure, Reason, per_person, reason
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.vocabulary import (
    ParentSituation,
    ParentStatus,
    Programme,
    SupportSetting,
)

GONE = frozenset({ParentStatus.DECEASED, ParentStatus.MISSING})
TIMED = frozenset(
    {
        ParentSituation.IMPRISONED,
        ParentSituation.COMPULSORY_REHAB,
        ParentSituation.RESTRICTED_LIBERTY,
        ParentSituation.LOST_CONTACT,
    }
)
_STATUS_SITUATIONS = frozenset(situation.value for situation in ParentSituation)
CHILD_PROGRAMMES = frozenset({Programme.ORPHAN, Programme.UNSUPPORTED_CHILD})


@dataclass(frozen=True)
class ChildResult:
    """One child's assessment; `programme` says which of the two applies when eligible."""

    member_id: str
    programme: Programme | None
    amount: Decimal
    reasons: tuple[Reason, ...]

    @property
    def eligible(self) -> bool:
        return self.programme is not None


@dataclass(frozen=True)
class ParentState:
    gone: bool
    unable: bool
    text: str


def assess_children(household: Household, params: PolicyParameters) -> tuple[ChildResult, ...]:
    """Assess every member for whom parents' situations were given."""
    return tuple(
        assess_child(member, household, params)
        for member in household.members
        if member.parents and not member.deceased
    )


def assess_child(member: Member, household: Household, params: PolicyParameters) -> ChildResult:
    age_ok, age_reason = _age(member, household, params)
    if not age_ok:
        return ChildResult(member.id, None, ZERO, (age_reason,))
    if len(member.parents) < 2:
        text = f"{member.display} 须提供父母双方的情况"
        refusal = reason("D3.2", "child.parents_incomplete", text, member.id, against=True)
        return ChildResult(member.id, None, ZERO, (age_reason, refusal))
    first, second = (_parent_state(p, household, params) for p in member.parents)
    described = f"父母一方{first.text}，另一方{second.text}"
    if first.gone and second.gone:
        return _orphan(member, described, age_reason, params)
    if (first.gone or first.unable) and (second.gone or second.unable):
        return _unsupported(member, described, age_reason, params)
    text = f"{member.display} {described}，父母至少一方能够履行抚养责任"
    refusal = reason("D3.3", "child.parent_able", text, member.id, against=True)
    return ChildResult(member.id, None, ZERO, (age_reason, refusal))


def _age(member: Member, household: Household, params: PolicyParameters) -> tuple[bool, Reason]:
    who, age, adult = member.display, member.age_on(household.decision_date), params.age.adult
    if age < adult:
        return True, reason(
            "D3.2", "child.minor", f"{who} 未满 {adult} 周岁（{age} 周岁）", member.id
        )
    continuing = bool(member.receiving & CHILD_PROGRAMMES)
    if continuing and member.in_school(params.orphan.school_stages):
        text = f"{who} 年满 {adult} 周岁仍在{member.school_stage.label}就读，继续保障"
        return True, reason("D3.2", "child.continued", text, member.id)
    ending = "且未在校就读，保障终止" if continuing else "，不属于儿童保障对象"
    text = f"{who} 已满 {adult} 周岁（{age} 周岁）{ending}"
    return False, reason("D3.2", "child.adult", text, member.id, against=True)


def _orphan(
    member: Member, described: str, age_reason: Reason, params: PolicyParameters
) -> ChildResult:
    amount = params.orphan.standard(member.support_setting)
    institutional = member.support_setting is SupportSetting.INSTITUTIONAL
    setting = "机构养育" if institutional else "社会散居"
    reasons = (
        age_reason,
        reason(
            "D3.2",
            "orphan.both_parents_gone",
            f"{member.display} {described}，认定为孤儿",
            member.id,
        ),
        reason(
            "D3.2",
            "orphan.amount",
            f"{setting}孤儿基本生活保障标准 {yuan(amount)} 元/月",
            member.id,
        ),
    )
    return ChildResult(member.id, Programme.ORPHAN, amount, reasons)


def unsupported_amount(params: PolicyParameters) -> Decimal:
    """The home-raised orphan standard × the configured ratio (D3.3)."""
    ratio = params.unsupported_child.ratio_to_home_orphan
    return params.amount.round(apply_ratio(params.orphan.standard_home, ratio))


def _unsupported(
    member: Member, described: str, age_reason: Reason, params: PolicyParameters
) -> ChildResult:
    settings = params.unsupported_child
    amount = unsupported_amount(params)
    found = f"{member.display} {described}，认定为事实无人抚养儿童"
    paid = (
        f"参照散居孤儿标准 {yuan(params.orphan.standard_home)} 元 × "
        f"{ratio_text(settings.ratio_to_home_orphan)} = {yuan(amount)} 元/月"
    )
    reasons = (
        age_reason,
        reason("D3.3", "unsupported_child.parents_unable", found, member.id),
        reason("D3.3", "unsupported_child.amount", paid, member.id),
    )
    return ChildResult(member.id, Programme.UNSUPPORTED_CHILD, amount, reasons)


def _parent_state(parent: Parent, household: Household, params: PolicyParameters) -> ParentState:
    if parent.status in GONE:
        return ParentState(True, False, parent.status.label)
    met: list[str] = []
    unmet: list[str] = []
    for situation, label in _situations(parent):
        if situation not in params.unsupported_child.parent_situations:
            unmet.append(f"{label}（不属于本地认定情形）")
            continue
        ok, text = _timed(situation, label, parent, household, params)
        (met if ok else unmet).append(text)
    if met:
        return ParentState(False, True, "、".join(met))
    return ParentState(False, False, "、".join(unmet) if unmet else "无无法履行抚养责任的情形")


def _situations(parent: Parent) -> list[tuple[ParentSituation, str]]:
    found = []
    if parent.disability is not None:
        found.append((ParentSituation.SEVERE_DISABILITY, f"重残（{parent.disability.label}）"))
    if parent.serious_illness:
        found.append((ParentSituation.SERIOUS_ILLNESS, ParentSituation.SERIOUS_ILLNESS.label))
    if parent.status.value in _STATUS_SITUATIONS:
        situation = ParentSituation(parent.status.value)
        found.append((situation, situation.label))
    return found


def _timed(
    situation: ParentSituation,
    label: str,
    parent: Parent,
    household: Household,
    params: PolicyParameters,
) -> tuple[bool, str]:
    """Severity and timed situations (≥ N months; a term of ≥ N months also counts, D3.3)."""
    if situation is ParentSituation.SEVERE_DISABILITY:
        grades = params.unsupported_child.parent_disability_max_grade
        ok = parent.disability is not None and parent.disability.within(grades)
        return ok, label if ok else f"{label}未达重残等级"
    if situation not in TIMED:
        return True, label
    months, since, until = params.unsupported_child.absence_months, parent.since, parent.until
    if since is None:
        return False, f"{label}（未提供起始日期，无法确认是否满 {months} 个月）"
    if months_elapsed_at_least(since, household.decision_date, months):
        return True, f"{label}（自 {since.isoformat()} 起已满 {months} 个月）"
    term = situation is not ParentSituation.LOST_CONTACT and until is not None
    if term and until is not None and months_elapsed_at_least(since, until, months):
        return (
            True,
            f"{label}（{since.isoformat()} 至 {until.isoformat()}，期限不少于 {months} 个月）",
        )
    return False, f"{label}（自 {since.isoformat()} 起未满 {months} 个月）"


def decide(
    programme: Programme,
    results: tuple[ChildResult, ...],
    chose_other: Mapping[str, Reason],
    params: PolicyParameters,
) -> Decision:
    """One child programme's decision; children who chose 特困 are left out (D2.5)."""
    covered = [r for r in results if r.programme is programme and r.member_id not in chose_other]
    reasons = [item for r in results for item in r.reasons]
    reasons.extend(chose_other[r.member_id] for r in results if r.member_id in chose_other)
    rule = "D3.2" if programme is Programme.ORPHAN else "D3.3"
    if not results:
        text = "没有成员提供父母情况，未作认定"
        reasons.append(reason(rule, f"{programme.value}.not_assessed", text, against=True))
    elif not covered:
        text = f"没有成员符合{programme.label}条件"
        reasons.append(reason(rule, f"{programme.value}.none_eligible", text, against=True))
    figures: dict[str, Figure] = {
        "orphan_standard_institutional": params.orphan.standard_institutional,
        "orphan_standard_home": params.orphan.standard_home,
    }
    return per_person(programme, {r.member_id: r.amount for r in covered}, figures, reasons)
