"""The engine's facts of one household from the registry snapshot's rows
(`minzheng.analytics.schema`: persons and households). The snapshot holds less than a
case file: incomes are one counted monthly figure per person (D1.11), property three
fields; what it does not hold is left at the engine's defaults (no supporters, no
expenditures, no clergy or custody)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from minzheng.assistance.policy import facts as pf
from minzheng.assistance.policy.vocabulary import (
    AreaClass,
    DisabilityType,
    Employment,
    IncomeKind,
    Relation,
    SchoolStage,
)

# The registry's coarser codes (core.codes.RegistrySchoolStage / RegistryEmployment)
# read as the engine's (D1.4: the stage decides whether an adult child counts).
SCHOOL = {
    "preschool": SchoolStage.PRESCHOOL,
    "primary": SchoolStage.COMPULSORY,
    "junior": SchoolStage.COMPULSORY,
    "senior": SchoolStage.HIGH_SCHOOL,
    "vocational": SchoolStage.SECONDARY_VOCATIONAL,
    "college": SchoolStage.BACHELOR,
}
RELATIONS = frozenset(Relation.values)
EMPLOYMENT = {"employed": Employment.EMPLOYED, "retired": Employment.RETIRED}
# Person row: (person_id, relation, birth_date, disability_type, disability_grade,
# employment, school_stage, monthly_income); only the living are in the snapshot query.
PersonRow = tuple[int, str, dt.date, str, int | None, str, str, Decimal | None]


def member(row: PersonRow) -> pf.Member:
    pid, relation, birth, dtype, grade, employment, stage, income = row
    disability = pf.Disability(DisabilityType(dtype), int(grade)) if dtype and grade else None
    school = SCHOOL.get(stage or "", SchoolStage.NONE)
    return pf.Member(
        id=f"p{pid}",
        relation=Relation(relation) if relation in RELATIONS else Relation.OTHER,
        birth_date=birth,
        disability=disability,
        school_stage=school,
        full_time_student=school is not SchoolStage.NONE,
        employment=EMPLOYMENT.get(employment or "", Employment.NONE),
        incomes=(pf.Income(IncomeKind.WAGES, income),) if income else (),
    )


def household(
    on: dt.date, urban_rural: str, people: Sequence[PersonRow], flags: Any
) -> pf.Household | None:
    """None when the rows cannot make a household the engine accepts (no head, or two)."""
    second_dwelling, vehicle, deposits = flags
    members = tuple(member(p) for p in people)
    if sum(1 for m in members if m.relation is Relation.HEAD) != 1:
        return None
    return pf.Household(
        decision_date=on,
        area_class=AreaClass.RURAL if urban_rural == AreaClass.RURAL else AreaClass.URBAN,
        members=members,
        property=pf.Property(
            dwellings=2 if second_dwelling else 1,
            vehicles=(pf.Vehicle(work_use=False),) if vehicle else (),
            deposits=deposits or Decimal(0),
        ),
    )
