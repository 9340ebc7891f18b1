"""Care level from the six daily-living items (D2.8).

0 items the person cannot do → self-care (全自理); from the configured
partial threshold (1) → partial care (半护理); from the full threshold (4) →
full care (全护理). The thresholds are settings, checked to split 0–6.
"""

from __future__ import annotations

from minzheng.assistance.policy.facts import Member
from minzheng.assistance.policy.outcome import Reason, reason
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.vocabulary import CareItem, CareLevel


def care_level(items_unable: int, params: PolicyParameters) -> CareLevel:
    settings = params.extreme_poverty
    if items_unable >= settings.care_full_min_items:
        return CareLevel.FULL
    if items_unable >= settings.care_partial_min_items:
        return CareLevel.PARTIAL
    return CareLevel.SELF_CARE


def assess_care(member: Member, params: PolicyParameters) -> tuple[CareLevel, Reason]:
    items = [item for item in CareItem if item in member.care_items_unable]
    level = care_level(len(items), params)
    listed = "、".join(item.label for item in items) if items else "无"
    text = (
        f"{member.display} 六项日常生活能力中不能自理 {len(items)} 项（{listed}），"
        f"照料护理等级：{level.label}"
    )
    return level, reason("D2.8", f"care.{level.value}", text, member.id)
