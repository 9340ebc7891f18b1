"""Citizen ID numbers (公民身份号码, GB 11643-1999), rule D0.1.

Pure functions, no Django: the synthetic-city generator and the analytics side
use them too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


class InvalidIdNumber(ValueError):
    """Raised with a message (Chinese first) that says exactly what is wrong."""


@dataclass(frozen=True)
class IdNumberFacts:
    number: str
    division_code: str
    birth_date: dt.date
    gender: str  # "M" or "F"


def check_character(first17: str) -> str:
    """The 18th character for 17 digits (D0.1: S = Σ dᵢ·wᵢ, "10X98765432"[S mod 11])."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalize(raw: str) -> str:
    return raw.strip().replace(" ", "").upper()


def parse(raw: str, *, today: dt.date | None = None) -> IdNumberFacts:
    """Validate an ID number and derive birth date and gender from it (D0.1)."""
    number = normalize(raw)
    if len(number) != 18:
        raise InvalidIdNumber(f"身份证号码应为18位，实际为{len(number)}位")
    if not number.isascii():
        raise InvalidIdNumber("身份证号码只能包含半角数字和X（请检查是否输入了全角字符）")
    if not number[:17].isdigit():
        raise InvalidIdNumber("身份证号码前17位必须是数字")
    if not (number[17].isdigit() or number[17] == "X"):
        raise InvalidIdNumber("身份证号码第18位（校验码）必须是数字或X")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber(f"身份证号码中的出生日期{number[6:14]}不存在") from None
    if birth > (today or dt.date.today()):
        raise InvalidIdNumber(f"身份证号码中的出生日期{number[6:14]}晚于今天")
    if birth.year < 1880:
        raise InvalidIdNumber(f"身份证号码中的出生日期{number[6:14]}不合理")
    expected = check_character(number[:17])
    if number[17] != expected:
        raise InvalidIdNumber(f"身份证号码校验码错误：第18位应为{expected}，实际为{number[17]}")
    gender = "M" if int(number[16]) % 2 == 1 else "F"
    return IdNumberFacts(number=number, division_code=number[:6], birth_date=birth, gender=gender)


def is_valid(raw: str) -> bool:
    try:
        parse(raw)
    except InvalidIdNumber:
        return False
    return True


def make(division_code: str, birth: dt.date, sequence: int) -> str:
    """Build a valid number; `sequence` (0–999) is odd for men, even for women."""
    first17 = f"{division_code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
