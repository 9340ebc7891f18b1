"""Checks across rows and against the registry, before anything is written.

Every row is checked and every problem kept, so that one round of corrections
fixes the file. The result is either a plan the importer can commit as is, or the
list of errors.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from minzheng.core.models import (
    Area,
    AreaLevel,
    Household,
    HouseholdMembership,
    LifeStatus,
    Person,
    Relation,
    User,
)
from minzheng.core.spreadsheets.duplicates import likely_duplicates
from minzheng.core.spreadsheets.parsing import MemberRow, parse_row
from minzheng.core.spreadsheets.reader import RowError, SourceRow

_CHUNK = 900  # SQLite's bound-parameter limit is 999 on old builds


@dataclass
class HouseholdPlan:
    number: str
    area_code: str
    address: str
    members: list[MemberRow]  # the head first


@dataclass
class ImportPlan:
    households: list[HouseholdPlan] = field(default_factory=list)
    existing: dict[str, Person] = field(default_factory=dict)  # registered people, by ID
    errors: list[RowError] = field(default_factory=list)

    @property
    def member_count(self) -> int:
        return sum(len(h.members) for h in self.households)


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _rows_list(rows: Iterable[int]) -> str:
    return "、".join(str(r) for r in rows)


def _duplicate_ids(rows: list[MemberRow]) -> list[RowError]:
    where: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        if r.id_number:
            where[r.id_number].append(r.row)
    return [
        RowError(n, "公民身份号码", f"身份证号码在表中重复出现（第{_rows_list(lines)}行）")
        for lines in where.values()
        if len(lines) > 1
        for n in lines
    ]


def _household(number: str, rows: list[MemberRow]) -> tuple[HouseholdPlan | None, list[RowError]]:
    """One household's head, area and address, consistent over its rows."""
    heads = [r for r in rows if r.relation == Relation.HEAD]
    if not heads:
        lines = _rows_list(r.row for r in rows)
        msg = f"家庭{number}（第{lines}行）没有户主，须有且只有一行填写“户主”"
        return None, [RowError(rows[0].row, "与户主关系", msg)]
    if len(heads) > 1:
        msg = f"家庭{number}有{len(heads)}个户主（第{_rows_list(h.row for h in heads)}行）"
        return None, [RowError(h.row, "与户主关系", msg + "，每户只能有一个户主") for h in heads]
    head, errors = heads[0], []
    for key, header in (("area_code", "村（社区）代码"), ("address", "住址")):
        for r in rows:
            if getattr(r, key) and getattr(r, key) != getattr(head, key):
                errors.append(RowError(r.row, header, f"与户主行（第{head.row}行）不一致"))
            elif r is head and not getattr(head, key):
                errors.append(RowError(head.row, header, "户主行必须填写"))
    members = [head, *(r for r in rows if r is not head)]
    return HouseholdPlan(number, head.area_code, head.address, members), errors


def _households(rows: list[MemberRow]) -> tuple[list[HouseholdPlan], list[RowError]]:
    """Rows grouped by household number (rows need not be next to each other)."""
    grouped: dict[str, list[MemberRow]] = defaultdict(list)
    for r in rows:
        if r.household_number and r.relation:
            grouped[r.household_number].append(r)
    plans, errors = [], []
    for number, members in grouped.items():
        plan, problems = _household(number, members)
        errors += problems
        if plan is not None:
            plans.append(plan)
    return plans, errors


def _check_areas(actor: User, plans: list[HouseholdPlan]) -> list[RowError]:
    codes = sorted({p.area_code for p in plans if p.area_code})
    levels: dict[str, str] = {}
    for chunk in _chunks(codes):
        levels.update(Area.objects.filter(code__in=chunk).values_list("code", "level"))
    errors = []
    for p in plans:
        row, code = p.members[0].row, p.area_code
        if not code:
            continue
        if code not in levels:
            message = f"区划代码{code}不存在"
        elif levels[code] != AreaLevel.COMMUNITY:
            message = f"区划代码{code}不是村（社区）一级"
        elif not actor.reaches(code):
            message = f"区划代码{code}不在您的管辖区域内"
        else:
            continue
        errors.append(RowError(row, "村（社区）代码", message))
    return errors


def _check_household_numbers(plans: list[HouseholdPlan]) -> list[RowError]:
    numbers = [p.number for p in plans]
    taken: set[str] = set()
    for chunk in _chunks(numbers):
        taken |= set(Household.objects.filter(number__in=chunk).values_list("number", flat=True))
    return [
        RowError(p.members[0].row, "家庭编号", f"家庭编号{p.number}已存在，导入只能新建家庭")
        for p in plans
        if p.number in taken
    ]


def _registered(ids: list[str]) -> tuple[dict[str, Person], dict[int, str]]:
    """People already registered with these ID numbers, and the household each is in now."""
    people: dict[str, Person] = {}
    current: dict[int, str] = {}
    for chunk in _chunks(ids):
        found = Person.objects.filter(id_number__in=chunk)
        people.update({p.id_number: p for p in found})
        memberships = HouseholdMembership.objects.current().filter(person__id_number__in=chunk)
        current.update(memberships.values_list("person_id", "household__number"))
    return people, current


def _check_registered(
    actor: User, rows: list[MemberRow]
) -> tuple[dict[str, Person], list[RowError]]:
    """A registered person may join a new household if free, in scope and the same name."""
    people, current = _registered([r.id_number for r in rows if r.id_number])
    errors = []
    for r in rows:
        person = people.get(r.id_number)
        if person is None or not r.name:
            continue
        if not actor.reaches(person.area_id):
            message = "该身份证号码已在您管辖区域以外登记，请与登记地核实"
        elif person.name != r.name:
            message = f"该身份证号码已登记，姓名为“{person.name}”，与表中姓名不符"
        elif person.life_status == LifeStatus.DECEASED:
            message = f"{person.name}已登记为已故"
        elif person.pk in current:
            message = f"{person.name}目前是家庭{current[person.pk]}的成员，请先办理迁出"
        else:
            continue
        errors.append(RowError(r.row, "公民身份号码", message))
    return people, errors


def plan_import(actor: User, sources: list[SourceRow], today: dt.date) -> ImportPlan:
    """Every row parsed and checked; the plan is committable only if `errors` is empty."""
    plan = ImportPlan()
    rows: list[MemberRow] = []
    for source in sources:
        row, errors = parse_row(source, today)
        rows.append(row)
        plan.errors += errors
    plan.errors += _duplicate_ids(rows)
    plan.households, errors = _households(rows)
    plan.errors += errors
    plan.errors += _check_areas(actor, plan.households)
    plan.errors += _check_household_numbers(plan.households)
    plan.existing, errors = _check_registered(actor, rows)
    plan.errors += errors
    addresses = {h.number: h.address for h in plan.households}
    plan.errors += likely_duplicates(actor, rows, plan.existing, addresses)
    plan.errors.sort(key=lambda e: e.row)
    return plan
