"""No ability to work (D2.2): age ≥ 60, age < 16, the configured disability grades,
or an assessed inability the province recognises.

D1.16 reads the same test the other way round: a household with a member able
to work is reviewed more often.
"""

from __future__ import annotations

import datetime as dt

from minzheng.assistance.policy.facts import Member
from minzheng.assistance.policy.outcome import Reason, reason
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.vocabulary import WorkAbility

RULE = "D2.2"


def inability_reasons(
    member: Member, day: dt.date, params: PolicyParameters
) -> tuple[Reason, ...]:
    """Every D2.2 ground on which the member has no ability to work (empty: able)."""
    who, age = member.display, member.age_on(day)
    found = []
    if age >= params.age.elderly:
        text = f"{who} 年满 {params.age.elderly} 周岁（{age} 周岁），无劳动能力"
        found.append(reason(RULE, "work_ability.elderly", text, member.id))
    if age < params.age.work_start:
        text = f"{who} 未满 {params.age.work_start} 周岁（{age} 周岁），无劳动能力"
        found.append(reason(RULE, "work_ability.minor", text, member.id))
    disability = member.disability
    if disability is not None and disability.within(params.work_ability.disability_max_grade):
        text = f"{who} 为{disability.label}，无劳动能力"
        found.append(reason(RULE, "work_ability.disability", text, member.id))
    if member.work_ability is WorkAbility.UNABLE and params.work_ability.accept_assessed:
        text = f"{who} 经鉴定无劳动能力（省规定的其他情形）"
        found.append(reason(RULE, "work_ability.assessed", text, member.id))
    return tuple(found)


def able_to_work(member: Member, day: dt.date, params: PolicyParameters) -> bool:
    return not inability_reasons(member, day, params)
