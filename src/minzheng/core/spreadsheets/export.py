"""Scoped, masked Excel exports of the registry lists, each one audited.

They read through the same selectors as the search pages, with the same `q`, so
an export holds exactly what the user could page through on screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet

from minzheng.core import selectors
from minzheng.core.audit import audit_export
from minzheng.core.masking import mask_id_number, mask_phone
from minzheng.core.models import Household, HouseholdMembership, Person, User
from minzheng.core.spreadsheets.writer import table_xlsx

EXPORT_LIMIT = 100_000
PERSON_HEADER = ("姓名", "身份证号（脱敏）", "性别", "出生日期", "村（社区）", "状态")
HOUSEHOLD_HEADER = (
    "家庭编号",
    "村（社区）代码",
    "村（社区）",
    "住址",
    "户主",
    "成员姓名",
    "与户主关系",
    "身份证号（脱敏）",
    "性别",
    "出生日期",
    "联系电话（脱敏）",
    "残疾类别",
    "残疾等级",
    "加入日期",
)


def _person_rows(people: QuerySet[Person]) -> Iterator[list[Any]]:
    for p in people.iterator(chunk_size=2000):
        yield [
            p.name,
            mask_id_number(p.id_number),
            p.get_gender_display(),
            p.birth_date,
            p.area.name,
            p.get_life_status_display(),
        ]


def persons_export(*, actor: User, query: str) -> bytes:
    people = selectors.persons_visible(actor, query, limit=None).order_by("id")[:EXPORT_LIMIT]
    content, count = table_xlsx("人员", PERSON_HEADER, _person_rows(people))
    audit_export(
        actor=actor,
        object_type="core.person",
        area_code=actor.area_id or "",
        count=count,
        criteria=query or "全部",
    )
    return content


def _member_row(h: Household, m: HouseholdMembership) -> list[Any]:
    p = m.person
    return [
        h.number,
        h.area_id,
        h.area.name,
        h.address,
        h.head.name if h.head else "",
        p.name,
        m.get_relation_display(),
        mask_id_number(p.id_number),
        p.get_gender_display(),
        p.birth_date,
        mask_phone(p.phone) if p.phone else "",
        p.get_disability_type_display() if p.disability_type else "",
        f"{p.disability_grade}级" if p.disability_grade else "",
        m.valid_from,
    ]


def _household_rows(households: QuerySet[Household]) -> Iterator[list[Any]]:
    """One row per current member (head first); a household with none gets one row."""
    current = HouseholdMembership.objects.current().select_related("person")
    members = Prefetch("memberships", queryset=current.order_by("id"), to_attr="now")
    for h in households.prefetch_related(members).iterator(chunk_size=1000):
        ordered = sorted(h.now, key=lambda m: m.relation != "head")
        if not ordered:
            yield [h.number, h.area_id, h.area.name, h.address, "", *[""] * 9]
        for m in ordered:
            yield _member_row(h, m)


def households_export(*, actor: User, query: str) -> bytes:
    """Households matching the search, one row per current member, IDs masked."""
    households = selectors.households_visible(actor, query, limit=None).order_by("id")
    households = households[:EXPORT_LIMIT]
    content, _rows = table_xlsx("家庭成员", HOUSEHOLD_HEADER, _household_rows(households))
    audit_export(
        actor=actor,
        object_type="core.household",
        area_code=actor.area_id or "",
        count=households.count(),
        criteria=query or "全部",
    )
    return content
