"""A campaign's population criteria (排查范围): who is to be visited.

The criteria are a small value object stored as JSON on the campaign, so that a
new criterion is one field here, one clause in `selection.py` and one form field,
with no schema change. Every criterion narrows the population (they are ANDed);
an empty criterion does not filter. Person criteria (age, disability, living
alone) are met when at least one current member of the household meets all of
them; the household becomes the target (D5.3: one chain per household).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError

from minzheng.core.models import DisabilityType

MAX_AGE = 130
MAX_HOUSEHOLD_SIZE = 30
GRADES = (1, 2, 3, 4)


@dataclass(frozen=True)
class Population:
    area_codes: tuple[str, ...] = ()  # within the campaign's area; empty: all of it
    min_age: int | None = None
    max_age: int | None = None
    disability_types: tuple[str, ...] = ()
    disability_grades: tuple[int, ...] = ()
    min_household_size: int | None = None
    max_household_size: int | None = None
    living_alone_min_age: int | None = None  # aged N or more and alone in the household

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Population:
        data = data or {}
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known
        }
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @property
    def has_person_criteria(self) -> bool:
        return any(
            (
                self.min_age is not None,
                self.max_age is not None,
                self.disability_types,
                self.disability_grades,
                self.living_alone_min_age is not None,
            )
        )

    def validate(self) -> None:
        """Field errors keyed by the form's field names (Chinese messages)."""
        errors: dict[str, str] = {}
        _check_range(errors, "min_age", self.min_age, 0, MAX_AGE)
        _check_range(errors, "max_age", self.max_age, 0, MAX_AGE)
        _check_range(errors, "living_alone_min_age", self.living_alone_min_age, 0, MAX_AGE)
        _check_range(errors, "min_household_size", self.min_household_size, 1, MAX_HOUSEHOLD_SIZE)
        _check_range(errors, "max_household_size", self.max_household_size, 1, MAX_HOUSEHOLD_SIZE)
        if _inverted(self.min_age, self.max_age):
            errors["max_age"] = "年龄上限不能小于年龄下限"
        if _inverted(self.min_household_size, self.max_household_size):
            errors["max_household_size"] = "家庭人数上限不能小于下限"
        if set(self.disability_types) - (set(DisabilityType.values) - {""}):
            errors["disability_types"] = "残疾类别不正确"
        if set(self.disability_grades) - set(GRADES):
            errors["disability_grades"] = "残疾等级应为1至4级"
        if errors:
            raise ValidationError(errors)

    def describe(self, area_names: Mapping[str, str] | None = None) -> list[str]:
        """The criteria in words, for the campaign page (areas by name when given)."""
        parts = []
        if self.area_codes:
            names = area_names or {}
            parts.append(f"区划：{'、'.join(names.get(c, c) for c in self.area_codes)}")
        if self.min_age is not None or self.max_age is not None:
            low = f"{self.min_age}岁" if self.min_age is not None else ""
            high = f"{self.max_age}岁" if self.max_age is not None else ""
            parts.append(f"年龄：{low or '不限'}至{high or '不限'}")
        if self.disability_types:
            labels = dict(DisabilityType.choices)
            parts.append(f"残疾类别：{'、'.join(str(labels[t]) for t in self.disability_types)}")
        if self.disability_grades:
            parts.append(f"残疾等级：{'、'.join(f'{g}级' for g in self.disability_grades)}")
        if self.min_household_size is not None or self.max_household_size is not None:
            fewest = self.min_household_size or 1
            parts.append(f"家庭人数：{fewest}至{self.max_household_size or '不限'}人")
        if self.living_alone_min_age is not None:
            parts.append(f"独居老人：{self.living_alone_min_age}岁及以上且一人户")
        return parts or ["组织区划内全部家庭"]


def _check_range(
    errors: dict[str, str], name: str, value: int | None, low: int, high: int
) -> None:
    if value is not None and not low <= value <= high:
        errors[name] = f"应在{low}至{high}之间"


def _inverted(low: int | None, high: int | None) -> bool:
    return low is not None and high is not None and low > high


def born_by(on: dt.date, years: int) -> dt.date:
    """The latest birth date of someone aged `years` or more on `on`.

    Matches `Person.age_on`: a person born on 29 February turns a year older on
    1 March in other years, so the cut-off of a 29 February falls back to the 28th.
    """
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)
