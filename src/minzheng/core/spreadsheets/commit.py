"""Writing a validated import plan in bulk, with its audit trail.

Why not call `person_create` / `household_create` / `household_add_member` row by
row: each of them re-reads and re-validates what `validation` has just checked for
the whole file at once, and ran at about 45 rows a second, so a file of a few
thousand rows took over a minute. Here the rows go in with `bulk_create` (a few
statements per 500 rows) inside the caller's transaction. The checks the services
would make are all made beforehand by `validation` (ID number, registry duplicates,
community level and scope, one current household, household number, relation,
disability), and the database still enforces its own constraints (unique ID
number and household number, one current household per person, disability type
and grade together): a violation rolls the whole import back.

Audit: one `create` entry per household, whose `after` holds the household, each
membership and the full record of each person registered with it, and one
`import` entry that sums up the batch. Separate entries per person and per
membership, as the services write, would cost a chain append each (a lock, an
insert and an update: about 7,000 appends for 3,000 rows, most of the time of the
import); see docs/spreadsheets-and-documents.md for the batch append that would
make them cheap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from minzheng.core.audit import Entry, audit_record, audit_record_many, snapshot
from minzheng.core.models import (
    AuditAction,
    Household,
    HouseholdMembership,
    Person,
    Relation,
    User,
)
from minzheng.core.spreadsheets.parsing import MemberRow
from minzheng.core.spreadsheets.validation import HouseholdPlan, ImportPlan

BATCH = 500
IMPORT_REASON = "批量导入"


@dataclass(frozen=True)
class Written:
    households: int
    members: int
    persons_created: int


def _chunks(items: list[str], size: int = 900) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _new_person(row: MemberRow, household: HouseholdPlan) -> Person:
    person = Person(
        id_number=row.id_number,
        name=row.name,
        area_id=household.area_code,
        hukou_area_id=household.area_code,
        residence_address=household.address,
        hukou_address=row.hukou_address,
        phone=row.phone,
        disability_type=row.disability_type,
        disability_grade=row.disability_grade,
        disability_certificate=row.disability_certificate,
    )
    person.derive_from_id_number()  # bulk_create does not call save()
    return person


def _create_people(plan: ImportPlan) -> dict[str, Person]:
    """Every person of the file by ID number: the new ones created, the registered reused."""
    new = [
        _new_person(row, household)
        for household in plan.households
        for row in household.members
        if row.id_number not in plan.existing
    ]
    Person.objects.bulk_create(new, batch_size=BATCH)
    by_number = {p.id_number: p for p in new}
    for chunk in _chunks(list(by_number)):  # not every backend returns primary keys
        for number, pk in Person.objects.filter(id_number__in=chunk).values_list(
            "id_number", "pk"
        ):
            by_number[number].pk = pk
    return {**plan.existing, **by_number}


def _create_households(plan: ImportPlan, people: dict[str, Person]) -> list[Household]:
    households = [
        Household(
            number=h.number,
            area_id=h.area_code,
            address=h.address,
            head=people[h.members[0].id_number],
        )
        for h in plan.households
    ]
    Household.objects.bulk_create(households, batch_size=BATCH)
    by_number = {h.number: h for h in households}
    for chunk in _chunks(list(by_number)):
        for number, pk in Household.objects.filter(number__in=chunk).values_list("number", "pk"):
            by_number[number].pk = pk
    return households


def _create_memberships(
    plan: ImportPlan, people: dict[str, Person], households: list[Household]
) -> list[HouseholdMembership]:
    memberships = [
        HouseholdMembership(
            household=household,
            person=people[row.id_number],
            relation=row.relation,
            valid_from=row.since,
            reason="户主" if row.relation == Relation.HEAD else IMPORT_REASON,
        )
        for h, household in zip(plan.households, households, strict=True)
        for row in h.members
    ]
    HouseholdMembership.objects.bulk_create(memberships, batch_size=BATCH)
    return memberships


def _audit_households(
    actor: User, households: list[Household], memberships: list[HouseholdMembership], new: set[int]
) -> None:
    """One `create` entry per household (with its memberships) and one per person
    registered by the import, so each record's own audit history starts with it."""
    members: dict[int, list[dict[str, Any]]] = defaultdict(list)
    entries: list[Entry] = []
    for m in memberships:
        members[m.household.pk].append(snapshot(m))
        if m.person.pk in new:
            entries.append(
                Entry(
                    AuditAction.CREATE,
                    m.person,
                    f"登记人员 {m.person.name}（{IMPORT_REASON}）",
                    snapshot(m.person),
                )
            )
    for household in households:
        count = len(members[household.pk])
        entries.append(
            Entry(
                AuditAction.CREATE,
                household,
                f"新建家庭 {household.number}，成员{count}人（{IMPORT_REASON}）",
                {**snapshot(household), "members": members[household.pk]},
            )
        )
    audit_record_many(actor=actor, entries=entries)


def households_write(*, actor: User, plan: ImportPlan, filename: str) -> Written:
    """Write a plan without errors; the caller holds the transaction."""
    people = _create_people(plan)
    households = _create_households(plan, people)
    memberships = _create_memberships(plan, people, households)
    created = [p for number, p in people.items() if number not in plan.existing]
    _audit_households(actor, households, memberships, {p.pk for p in created})
    written = Written(len(households), len(memberships), len(created))
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="core.household",
        area_code=actor.area_id or "",
        summary=(
            f"导入家庭成员表{filename}：新建家庭{written.households}户，"
            f"成员{written.members}人（新登记{written.persons_created}人）"
        ),
    )
    return written
