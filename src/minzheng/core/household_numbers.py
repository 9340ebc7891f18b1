"""Household numbers (家庭编号): generated, never typed.

Structure, 18 digits: the community's 12-digit division code (村（社区）级区划代码)
followed by a 6-digit serial within that community, e.g. ``320302001001000123``.
The code tells where the household was registered; the serial keeps counting
after a household moves or closes, so a number is never given out twice.

Race safety on both databases: the serial row is bumped with one ``UPDATE … SET
last = last + 1`` inside the caller's transaction, which takes the row lock on
PostgreSQL and the database write lock on SQLite, so two registrations in the
same community queue instead of reading the same value. The first number of a
community starts after the highest number already stored under its code (the
synthetic city and imports use the same structure); the unique index on
``Household.number`` is the last guard.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max

from minzheng.core.models import Area, Household, HouseholdSerial

CODE_DIGITS = 12
SERIAL_DIGITS = 6
NUMBER = re.compile(rf"^\d{{{CODE_DIGITS + SERIAL_DIGITS}}}$")


def household_number_check(number: str, area: Area) -> str:
    """A number given from outside (API, import): 18 digits starting with the
    community's code, else a field error saying so."""
    number = (number or "").strip()
    if not NUMBER.match(number):
        raise ValidationError({"number": "家庭编号应为18位数字（村（社区）区划代码12位+序号6位）"})
    if not number.startswith(area.code):
        raise ValidationError({"number": f"家庭编号应以所属村（社区）的区划代码{area.code}开头"})
    return number


def _highest_serial(area: Area) -> int:
    top = (
        Household.objects.filter(number__startswith=area.code, number__regex=r"^[0-9]{18}$")
        .aggregate(top=Max("number"))
        .get("top")
    )
    return int(top[CODE_DIGITS:]) if top else 0


@transaction.atomic
def household_number_next(area: Area) -> str:
    """The next free number of the community `area` (locks its serial until commit)."""
    if len(area.code) != CODE_DIGITS:
        raise ValidationError({"area_code": "家庭须归属到村（社区）一级"})
    serials = HouseholdSerial.objects.filter(area=area)
    if not serials.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                HouseholdSerial.objects.create(area=area, last=_highest_serial(area) + 1)
        except IntegrityError:  # another registration created it first: count after it
            serials.update(last=F("last") + 1)
    last = serials.values_list("last", flat=True).get()
    if Household.objects.filter(number=f"{area.code}{last:0{SERIAL_DIGITS}d}").exists():
        last = _highest_serial(area) + 1  # numbers stored by an import: count after them
        serials.update(last=last)
    if last >= 10**SERIAL_DIGITS:
        raise ValidationError({"area_code": f"{area.name}的家庭编号已用完，请联系系统管理员"})
    return f"{area.code}{last:0{SERIAL_DIGITS}d}"
