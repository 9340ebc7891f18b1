"""Statutory supporters who live in the same household, derived from relations to the head.

民法典 1059, 1067 and 1074 give the duties the engine can read from the
household itself: spouses support each other; parents support minor children
and children who cannot live independently; adult children support their
parents. Conditional duties (grandparents, grandchildren, siblings) depend on
facts outside the household and are listed explicitly as `supporters`.
Each derived supporter is judged by D2.4 on their own income and the
household's property, like a supporter living elsewhere.
"""

from __future__ import annotations

from minzheng.assistance.policy.assets import check_property
from minzheng.assistance.policy.facts import Household, Member, Supporter
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.vocabulary import Custody, Programme, Relation

R = Relation
SPOUSES = {(R.HEAD, R.SPOUSE), (R.SPOUSE, R.HEAD)}
PARENT_OF = {
    (R.CHILD, R.HEAD),
    (R.CHILD, R.SPOUSE),
    (R.HEAD, R.PARENT),
    (R.SIBLING, R.PARENT),
    (R.SPOUSE, R.PARENT_IN_LAW),
}
CHILD_OF = {
    (R.HEAD, R.CHILD),
    (R.SPOUSE, R.CHILD),
    (R.PARENT, R.HEAD),
    (R.PARENT, R.SIBLING),
    (R.PARENT_IN_LAW, R.SPOUSE),
}


def household_supporters(
    member: Member, household: Household, heads: int, params: PolicyParameters
) -> tuple[Supporter, ...]:
    """Members of the household who owe `member` a statutory duty of support."""
    found = []
    for other in household.members:
        if other.id == member.id or other.deceased:
            continue
        relation = duty(member, other, household, params)
        if relation is not None:
            found.append(_as_supporter(other, relation, household, heads, params))
    return tuple(found)


def duty(
    member: Member, other: Member, household: Household, params: PolicyParameters
) -> Relation | None:
    """`other`'s relation to `member` when `other` owes `member` support, else None."""
    pair = (member.relation, other.relation)
    day, adult = household.decision_date, params.age.adult
    if pair in SPOUSES:
        return Relation.SPOUSE
    if pair in PARENT_OF and _dependent(member, household, params):
        return Relation.PARENT
    if pair in CHILD_OF and other.age_on(day) >= adult:
        return Relation.CHILD
    return None


def _dependent(member: Member, household: Household, params: PolicyParameters) -> bool:
    """A minor, or an adult child who cannot live independently (as D1.4 reads it)."""
    if member.age_on(household.decision_date) < params.age.adult:
        return True
    studying = member.in_school(params.household.dependent_student_stages)
    return member.unable_to_live_independently or studying


def _as_supporter(
    other: Member,
    relation: Relation,
    household: Household,
    heads: int,
    params: PolicyParameters,
) -> Supporter:
    standard = params.dibao.standard(household.area_class)
    rules = params.low_income.property_rules("D2.4")
    return Supporter(
        relation=relation,
        name=f"同户成员{other.display}",
        birth_date=other.birth_date,
        disability=other.disability,
        is_extreme_poverty=Programme.EXTREME_POVERTY in other.receiving,
        is_dibao_recipient=Programme.DIBAO in other.receiving,
        monthly_income=other.income(params.extreme_poverty.income_excluded_kinds),
        property_within_low_income_rules=check_property(
            household.property, heads, rules, standard
        ).within_rules,
        imprisoned=other.custody is Custody.IMPRISONED,
    )
