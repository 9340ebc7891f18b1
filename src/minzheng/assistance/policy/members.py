"""Who counts as a household member for dibao (D1.4 共同生活的家庭成员).

The applicant, spouse and minor children always count; adult children count
when they cannot live independently (full-time students at the configured
stages, bachelor level or below by default); other relatives with a statutory
support duty count when they live together long-term. Clergy living at a
religious site for the configured years, people serving a sentence or in
compulsory drug rehabilitation, and the province's other cases never count.
"""

from __future__ import annotations

from dataclasses import dataclass

from minzheng.assistance.policy.facts import Household, Member, age_on
from minzheng.assistance.policy.outcome import Reason, reason
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.vocabulary import Custody, Relation

RULE = "D1.4"
NOT_A_MEMBER = "household.not_a_member"


@dataclass(frozen=True)
class MemberStatus:
    member: Member
    counted: bool
    reason: Reason


@dataclass(frozen=True)
class Membership:
    statuses: tuple[MemberStatus, ...]

    @property
    def counted(self) -> tuple[Member, ...]:
        return tuple(status.member for status in self.statuses if status.counted)

    @property
    def size(self) -> int:
        return len(self.counted)

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return tuple(status.reason for status in self.statuses)

    def is_counted(self, member_id: str) -> bool:
        return any(s.counted and s.member.id == member_id for s in self.statuses)


def count_members(household: Household, params: PolicyParameters) -> Membership:
    statuses = []
    for member in household.members:
        excluded = exclusion(member, household, params)
        if excluded is not None:
            statuses.append(MemberStatus(member, False, excluded))
        else:
            included = _inclusion(member, household, params)
            statuses.append(MemberStatus(member, included.code != NOT_A_MEMBER, included))
    return Membership(tuple(statuses))


def is_long_serving_clergy(member: Member, household: Household, params: PolicyParameters) -> bool:
    """Clergy living at a religious site for at least the configured years (D1.4, D1.15)."""
    if member.clergy_since is None:
        return False
    return age_on(member.clergy_since, household.decision_date) >= params.household.clergy_years


def exclusion(member: Member, household: Household, params: PolicyParameters) -> Reason | None:
    """Why the member never counts, whatever the relation (D1.4 exclusions), or None."""
    who = member.display
    if member.deceased:
        return reason(
            RULE, "household.member_deceased", f"{who} 已死亡，不计入家庭成员", member.id
        )
    if is_long_serving_clergy(member, household, params):
        years = params.household.clergy_years
        text = f"{who} 为在宗教活动场所居住满 {years} 年的宗教教职人员，不计入家庭成员"
        return reason(RULE, "household.clergy_excluded", text, member.id)
    if member.custody is not Custody.NONE:
        text = f"{who} 正在{member.custody.label}，不计入家庭成员"
        return reason(RULE, "household.custody_excluded", text, member.id)
    if member.excluded_by_local_rule:
        text = f"{who} 属省规定的其他不计入情形，不计入家庭成员"
        return reason(RULE, "household.locally_excluded", text, member.id)
    return None


def _inclusion(member: Member, household: Household, params: PolicyParameters) -> Reason:
    who, age = member.display, member.age_on(household.decision_date)
    minor = age < params.age.adult
    if member.relation is Relation.HEAD:
        return reason(
            RULE, "household.applicant", f"{who} 为申请人（户主），计入家庭成员", member.id
        )
    if member.relation is Relation.SPOUSE:
        return reason(RULE, "household.spouse", f"{who} 为配偶，计入家庭成员", member.id)
    if member.relation is Relation.CHILD and minor:
        text = f"{who} 为未成年子女（{age} 周岁），计入家庭成员"
        return reason(RULE, "household.minor_child", text, member.id)
    if member.relation is Relation.CHILD and member.in_school(
        params.household.dependent_student_stages
    ):
        text = (
            f"{who} 为全日制在读（{member.school_stage.label}）的成年子女，"
            "视为不能独立生活，计入家庭成员"
        )
        return reason(RULE, "household.dependent_student", text, member.id)
    if member.relation is Relation.CHILD and member.unable_to_live_independently:
        text = f"{who} 为不能独立生活的成年子女，计入家庭成员"
        return reason(RULE, "household.dependent_adult_child", text, member.id)
    return _support_duty(member, params)


def _support_duty(member: Member, params: PolicyParameters) -> Reason:
    who, relation = member.display, member.relation.label
    if member.relation in params.household.support_duty_relations and member.lives_together:
        text = (
            f"{who} 与申请人有法定赡养、抚养或扶养义务关系（{relation}）且长期共同生活，"
            "计入家庭成员"
        )
        return reason(RULE, "household.supporting_relative", text, member.id)
    if member.relation in params.household.support_duty_relations:
        why = "未长期共同生活"
    else:
        why = "无法定赡养、抚养或扶养义务"
    text = f"{who}（{relation}）{why}，不属于共同生活的家庭成员，不计入"
    return reason(RULE, NOT_A_MEMBER, text, member.id)
