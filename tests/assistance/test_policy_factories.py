"""Factories for the policy-engine tests (households on a fixed decision date).

Ages are given in completed years on `DAY`; `born(60)` is a 60th birthday on
the decision date itself, the boundary the rules care about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from minzheng.assistance.policy.engine import Assessment, assess
from minzheng.assistance.policy.facts import Household, Income, Member, Property
from minzheng.assistance.policy.outcome import Decision
from minzheng.assistance.policy.parameter_specs import example_values
from minzheng.assistance.policy.parameters import (
    PolicyParameters,
    build_parameters,
    example_parameters,
)
from minzheng.assistance.policy.vocabulary import AreaClass, IncomeKind, Programme, Relation

DAY = dt.date(2026, 3, 15)


def born(age: int, *, birthday_in_days: int = 0) -> dt.date:
    """Birth date of someone `age` on DAY; a positive offset puts the birthday after DAY."""
    return DAY.replace(year=DAY.year - age) + dt.timedelta(days=birthday_in_days)


def params(overrides: Mapping[str, str] | None = None) -> PolicyParameters:
    if not overrides:
        return example_parameters()
    return build_parameters({**example_values(), **overrides})


def member(
    member_id: str = "m1", relation: Relation = Relation.HEAD, age: int = 40, **fields: Any
) -> Member:
    fields.setdefault("birth_date", born(age))
    return Member(id=member_id, relation=relation, **fields)


def wages(amount: str, **more: str) -> tuple[Income, ...]:
    """Monthly incomes: wages plus any other kinds by code (`scholarship="100"`)."""
    items = [Income(IncomeKind.WAGES, Decimal(amount))] if amount else []
    items.extend(Income(IncomeKind(kind), Decimal(value)) for kind, value in more.items())
    return tuple(items)


def household(
    *members: Member, area: AreaClass = AreaClass.URBAN, day: dt.date = DAY, **fields: Any
) -> Household:
    fields.setdefault("property", Property(dwellings=1))
    return Household(decision_date=day, area_class=area, members=members, **fields)


def family(*incomes: str, **fields: Any) -> Household:
    """Head plus spouse plus minor children, one per income after the second (wages each)."""
    relations = [Relation.HEAD, Relation.SPOUSE] + [Relation.CHILD] * max(len(incomes) - 2, 0)
    ages = [40, 38] + [10] * max(len(incomes) - 2, 0)
    people = [
        member(f"m{i + 1}", relation, age, incomes=wages(amount))
        for i, (relation, age, amount) in enumerate(zip(relations, ages, incomes, strict=False))
    ]
    return household(*people, **fields)


def run(home: Household, settings: PolicyParameters | None = None) -> Assessment:
    return assess(home, settings or example_parameters())


def decide(
    home: Household, programme: Programme, settings: PolicyParameters | None = None
) -> Decision:
    return run(home, settings)[programme]


def codes(decision: Decision) -> set[str]:
    return {item.code for item in decision.reasons}


def messages(decision: Decision) -> str:
    return "\n".join(item.message for item in decision.reasons)


def test_born_gives_the_birthday_on_the_decision_date() -> None:
    assert member(age=60).age_on(DAY) == 60
    assert member(birth_date=born(60, birthday_in_days=1)).age_on(DAY) == 59


def test_family_builds_a_household_with_one_head_and_the_given_incomes() -> None:
    home = family("1000", "0", "0")
    assert [m.relation for m in home.members] == [Relation.HEAD, Relation.SPOUSE, Relation.CHILD]
    assert home.head.income() == Decimal("1000")
