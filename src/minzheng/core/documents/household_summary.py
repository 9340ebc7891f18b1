"""The household summary (家庭成员信息表): the first document on the API, printed
from the household page. IDs are masked as on screen; the footer names who
printed it and when, so a paper copy can be traced to its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from minzheng.core.documents.model import (
    Block,
    Document,
    Heading,
    KeyValues,
    Paragraph,
    Signature,
    Table,
)
from minzheng.core.masking import mask_id_number
from minzheng.core.models import Area, AreaLevel, Household, HouseholdMembership, User

# Relative column widths, in points at 10 pt: an 18-character ID number and a
# date must fit on one line in either font (see fonts.py).
WIDTHS = (28, 52, 58, 106, 30, 62, 58, 62)
CURRENT_HEADER = (
    "序号",
    "姓名",
    "与户主关系",
    "公民身份号码",
    "性别",
    "出生日期",
    "残疾情况",
    "加入日期",
)
PAST_HEADER = ("姓名", "与户主关系", "加入日期", "离开日期", "变动原因")
NOTE = "本表根据民政业务平台登记信息生成，公民身份号码已作脱敏处理，仅供办理民政业务使用。"


def bureau_name(area: Area) -> str:
    """The civil-affairs bureau of the county an area lies in: 徐州市鼓楼区民政局,
    丰县民政局, 新沂市民政局 (a district takes its city's name in front)."""
    chain = [*area.ancestors(), area]
    county = next((a for a in chain if a.level == AreaLevel.COUNTY), None)
    if county is None:
        return "民政局"
    city = next((a for a in chain if a.level == AreaLevel.CITY), None)
    prefix = city.name if city is not None and county.name.endswith("区") else ""
    return f"{prefix}{county.name}民政局"


def _disability(m: HouseholdMembership) -> str:
    p = m.person
    if not p.disability_type:
        return "无"
    return f"{p.get_disability_type_display()}{p.disability_grade}级"


def _current_rows(members: Sequence[HouseholdMembership]) -> list[list[object]]:
    ordered = sorted(members, key=lambda m: (m.relation != "head", m.valid_from, m.pk))
    return [
        [
            n,
            m.person.name,
            m.get_relation_display(),
            mask_id_number(m.person.id_number),
            m.person.get_gender_display(),
            f"{m.person.birth_date:%Y-%m-%d}",
            _disability(m),
            f"{m.valid_from:%Y-%m-%d}",
        ]
        for n, m in enumerate(ordered, 1)
    ]


def _past_rows(members: Sequence[HouseholdMembership]) -> list[list[object]]:
    return [
        [
            m.person.name,
            m.get_relation_display(),
            f"{m.valid_from:%Y-%m-%d}",
            f"{m.valid_to:%Y-%m-%d}" if m.valid_to else "",
            m.reason,
        ]
        for m in members
    ]


def _facts(household: Household, current: int) -> KeyValues:
    return KeyValues(
        [
            ("家庭编号", household.number),
            ("户主", household.head.name if household.head else "—"),
            ("所属村（社区）", household.area.full_name),
            ("城乡类别", household.area.get_urban_rural_display()),
            ("住址", household.address),
            ("现有成员", f"{current}人"),
        ]
    )


def household_summary(
    household: Household,
    memberships: Sequence[HouseholdMembership],
    *,
    printed_by: User,
    on: dt.date,
) -> Document:
    """The summary of a household already checked for scope, as of `on`."""
    current = [m for m in memberships if m.valid_to is None]
    past = [m for m in memberships if m.valid_to is not None]
    blocks: list[Block] = [
        Heading("一、家庭基本情况"),
        _facts(household, len(current)),
        Heading("二、现有家庭成员"),
        Table(CURRENT_HEADER, _current_rows(current), widths=WIDTHS),
    ]
    if past:
        blocks += [Heading("三、历史成员"), Table(PAST_HEADER, _past_rows(past))]
    blocks += [Paragraph(NOTE), Signature(signers=("经办人",))]
    printed_at = timezone.localtime()
    return Document(
        title="家庭成员信息表",
        blocks=blocks,
        authority=bureau_name(household.area),
        date=on,
        letterhead=False,
        footer=f"家庭{household.number} · 打印人：{printed_by} · {printed_at:%Y-%m-%d %H:%M}",
    )
