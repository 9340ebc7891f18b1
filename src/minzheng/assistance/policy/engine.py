"""The policy engine: one household's facts and parameters in, every programme's decision out.

Programmes depend on each other — near-dibao requires "not dibao", the
rigid-expenditure layer requires "none of dibao, 特困, near-dibao", a minor
eligible for both 特困 and child support is paid by one only (D2.5) — so the
engine always assesses all of them in dependency order and the caller picks
the ones it shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from minzheng.assistance.policy import children, disability, elderly, extreme_poverty
from minzheng.assistance.policy.dibao import assess_dibao
from minzheng.assistance.policy.facts import Household
from minzheng.assistance.policy.income import IncomeAssessment, assess_income
from minzheng.assistance.policy.layers import assess_near_dibao, assess_rigid_hardship
from minzheng.assistance.policy.members import Membership, count_members
from minzheng.assistance.policy.outcome import Decision, Reason, reason
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.single_person import assess_single_person
from minzheng.assistance.policy.temporary import assess_temporary
from minzheng.assistance.policy.vocabulary import ChildSupportChoice, Programme


@dataclass(frozen=True)
class Assessment:
    household: Household
    membership: Membership
    income: IncomeAssessment
    decisions: Mapping[Programme, Decision]

    def __getitem__(self, programme: Programme) -> Decision:
        return self.decisions[programme]


def assess(household: Household, params: PolicyParameters) -> Assessment:
    """Decide every programme for the household on its decision date."""
    membership = count_members(household, params)
    income = assess_income(household, membership, params)
    dibao = assess_dibao(household, membership, income, params)
    single = assess_single_person(household, membership, income, dibao, params)
    poverty_results = extreme_poverty.assess_members(household, membership, params)
    child_results = children.assess_children(household, params)
    not_poverty, not_child = resolve_choice(poverty_results, child_results, household)
    poverty = extreme_poverty.decide(poverty_results, not_poverty, household, params)
    orphan = children.decide(Programme.ORPHAN, child_results, not_child, params)
    unsupported = children.decide(Programme.UNSUPPORTED_CHILD, child_results, not_child, params)
    temporary = assess_temporary(household, membership, income, params)
    near = assess_near_dibao(household, membership, income, dibao, params)
    rigid = assess_rigid_hardship(household, membership, income, (dibao, poverty, near), params)
    living, care = disability.resolve_together(
        disability.assess_living(household, income, params),
        disability.assess_care(household, params),
        params,
        household,
    )
    old_age = elderly.assess_old_age(household, params)
    care_service = elderly.assess_care_service(household, params)
    assistance = (dibao, single, poverty, orphan, unsupported, temporary, near, rigid)
    decisions = {d.programme: d for d in (*assistance, living, care, old_age, care_service)}
    ordered = {programme: decisions[programme] for programme in Programme}
    return Assessment(household, membership, income, MappingProxyType(ordered))


def resolve_choice(
    poverty_results: tuple[extreme_poverty.MemberResult, ...],
    child_results: tuple[children.ChildResult, ...],
    household: Household,
) -> tuple[dict[str, Reason], dict[str, Reason]]:
    """D2.5: who meets both 特困 and orphan/de-facto conditions is paid by the one they chose.

    Returns the members to leave out of 特困 and those to leave out of child
    support, each with the reason. The default choice is child support, the
    programme made for children.
    """
    eligible_poverty = {r.member_id for r in poverty_results if r.eligible}
    not_poverty: dict[str, Reason] = {}
    not_child: dict[str, Reason] = {}
    for child in child_results:
        member = household.member(child.member_id)
        if child.programme is None or member is None or child.member_id not in eligible_poverty:
            continue
        label = child.programme.label
        both = f"{member.display} 同时符合特困人员与{label}条件"
        if member.child_support_choice is ChildSupportChoice.CHILD_SUPPORT:
            text = f"{both}，选择{label}，不认定为特困人员"
            not_poverty[member.id] = reason(
                "D2.5", "extreme_poverty.chose_child_support", text, member.id, against=True
            )
        else:
            text = f"{both}，选择特困人员救助供养，不再享受{label}"
            not_child[member.id] = reason(
                "D2.5", "child.chose_extreme_poverty", text, member.id, against=True
            )
    return not_poverty, not_child
