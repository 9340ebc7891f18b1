"""Who gets a meal subsidy, and how much (D7.2 [?]: categories and amounts are
settings; the rules below are this project's assumptions, docs/elderly.md).

- aged (高龄): aged `elderly.meal.age_years` or more on the day of the meal;
- low-income (低收入): aged `elderly.meal.min_age` or more, and the household the person
  lives in that day has an enrolment in force in one of
  `elderly.meal.low_income_programmes` (started on or before the day, not ended by it);
- disabled (残疾): aged `elderly.meal.min_age` or more with a registered disability.

A person in several categories gets the one with the highest subsidy (ties: low-income,
disabled, aged); the subsidy never exceeds the meal's price.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from minzheng.assistance.models import Enrolment
from minzheng.core import config
from minzheng.core.models import HouseholdMembership, Person
from minzheng.elderly.models import SubsidyCategory

ORDER = (SubsidyCategory.LOW_INCOME, SubsidyCategory.DISABLED, SubsidyCategory.AGED)


@dataclass(frozen=True)
class MealRules:
    aged_years: int
    min_age: int
    programmes: tuple[str, ...]
    amounts: dict[str, Decimal]


def meal_rules(day: dt.date) -> MealRules:
    programmes = config.config_typed("elderly.meal.low_income_programmes", on=day)
    return MealRules(
        aged_years=config.config_int("elderly.meal.age_years", on=day),
        min_age=config.config_int("elderly.meal.min_age", on=day),
        programmes=tuple(str(p) for p in programmes),  # type: ignore[attr-defined]
        amounts={
            SubsidyCategory.AGED: config.config_decimal("elderly.meal.subsidy.aged", on=day),
            SubsidyCategory.LOW_INCOME: config.config_decimal(
                "elderly.meal.subsidy.low_income", on=day
            ),
            SubsidyCategory.DISABLED: config.config_decimal(
                "elderly.meal.subsidy.disabled", on=day
            ),
        },
    )


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years completed on `day` (a birthday counts on the day itself)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _low_income(person: Person, day: dt.date, programmes: tuple[str, ...]) -> bool:
    households = HouseholdMembership.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day), person=person, valid_from__lte=day
    ).values("household_id")
    return (
        Enrolment.objects.filter(
            household_id__in=households, programme__in=programmes, starts_on__lte=day
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
        .exists()
    )


def categories_of(person: Person, day: dt.date, rules: MealRules) -> list[str]:
    age = age_on(person.birth_date, day)
    found: list[str] = []
    if age >= rules.min_age and _low_income(person, day, rules.programmes):
        found.append(SubsidyCategory.LOW_INCOME)
    if age >= rules.min_age and person.disability_type:
        found.append(SubsidyCategory.DISABLED)
    if age >= rules.aged_years:
        found.append(SubsidyCategory.AGED)
    return found


def subsidy_of(person: Person, day: dt.date, rules: MealRules) -> tuple[str, Decimal] | None:
    """(category, amount per meal) of the best category, or None when in none."""
    found = categories_of(person, day, rules)
    if not found:
        return None
    best = max(found, key=lambda c: (rules.amounts[c], -ORDER.index(c)))
    return str(best), rules.amounts[best]
