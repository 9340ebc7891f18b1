"""Parameter specifications and the parsing of their string values.

Configuration reaches the engine as strings (the Django side keeps one
versioned `ConfigValue(key, area, value, effective_from)` row per setting), so
each parameter kind has one strict parser here with a Chinese explanation of
the expected form. Nothing is guessed: a value that does not parse is an error
that names the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from minzheng.assistance.policy.vocabulary import Vocabulary

_MONEY = re.compile(r"^\d{1,9}(\.\d{1,2})?$")
_DECIMAL = re.compile(r"^\d{1,9}(\.\d{1,6})?$")
_FRACTION = re.compile(r"^(\d{1,9})/(\d{1,9})$")
_INT = re.compile(r"^\d{1,6}$")
_FREE_CODE = re.compile(r"^[A-Za-z0-9_]{1,20}$")


class ParamType(Vocabulary):
    MONEY = "money"
    RATIO = "ratio"
    INT = "int"
    BOOL = "bool"
    CHOICE = "choice"
    CODES = "codes"
    GRADE_MAP = "grade_map"
    INT_MAP = "int_map"
    CAPS = "caps"
    TIERS = "tiers"


FORMAT_HINTS: dict[ParamType, str] = {
    ParamType.MONEY: "应为非负金额（元），最多两位小数，如 780 或 780.50",
    ParamType.RATIO: "应为非负小数或分数，如 1.3、0.6 或 1/6",
    ParamType.INT: "应为非负整数",
    ParamType.BOOL: "应为 true 或 false",
    ParamType.CHOICE: "应为下列代码之一",
    ParamType.CODES: "应为以英文逗号分隔的代码列表（可为空）",
    ParamType.GRADE_MAP: "应为“残疾类别:最高等级”列表，如 intellectual:3,physical:2",
    ParamType.INT_MAP: "应为“代码:整数”列表，如 A:12,B:6",
    ParamType.CAPS: "应为“支出类别:每月上限金额”列表，如 medical:500,work:200",
    ParamType.TIERS: "应为“差额比例下限:发放比例”列表，下限由高到低、最后一档为 0，"
    "如 0.8:1,0.5:0.7,0:0.2",
}


@dataclass(frozen=True)
class Tier:
    """A dibao tier (D1.14): households whose gap ÷ standard ≥ `min_gap_ratio`
    receive `benefit_ratio × standard` per covered member."""

    min_gap_ratio: Fraction
    benefit_ratio: Fraction


@dataclass(frozen=True)
class ParameterSpec:
    """One setting: its key, kind, unit, Chinese label, rule and labelled example value.

    `confidence` repeats the rulebook's tag ([N] national, [S] secondary,
    [L] local practice, [?] assumption) so that the settings page can show how
    much the example value can be trusted.
    """

    key: str
    kind: ParamType
    unit: str
    label: str
    rule: str
    example: str
    confidence: str
    note: str = ""
    vocabulary: type[Vocabulary] | None = None
    positive: bool = False

    @property
    def group(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def attribute(self) -> str:
        return self.key.split(".", 1)[1].replace(".", "_")

    @property
    def allowed_codes(self) -> tuple[str, ...]:
        return tuple(code.value for code in self.vocabulary) if self.vocabulary else ()


class InvalidValue(ValueError):
    """A value that does not parse; the message says what form is expected."""


def parse_value(spec: ParameterSpec, raw: str) -> object:
    """Parse one configuration string into its typed value (Decimal, Fraction, enum…)."""
    text = raw.strip()
    parsed = _PARSERS[spec.kind](spec, text)
    if spec.positive and not _is_positive(parsed):
        raise InvalidValue("必须大于 0")
    return parsed


def _is_positive(value: object) -> bool:
    return isinstance(value, Decimal | Fraction | int) and value > 0


def _money(spec: ParameterSpec, text: str) -> Decimal:
    if not _MONEY.match(text):
        raise InvalidValue(FORMAT_HINTS[ParamType.MONEY])
    return Decimal(text)


def _ratio(spec: ParameterSpec, text: str) -> Fraction:
    fraction = _FRACTION.match(text)
    if fraction:
        if int(fraction.group(2)) == 0:
            raise InvalidValue("分数的分母不能为 0")
        return Fraction(int(fraction.group(1)), int(fraction.group(2)))
    if not _DECIMAL.match(text):
        raise InvalidValue(FORMAT_HINTS[ParamType.RATIO])
    return Fraction(text)


def _int(spec: ParameterSpec, text: str) -> int:
    if not _INT.match(text):
        raise InvalidValue(FORMAT_HINTS[ParamType.INT])
    return int(text)


def _bool(spec: ParameterSpec, text: str) -> bool:
    lowered = text.lower()
    if lowered not in {"true", "false"}:
        raise InvalidValue(FORMAT_HINTS[ParamType.BOOL])
    return lowered == "true"


def _code(spec: ParameterSpec, text: str) -> Vocabulary:
    assert spec.vocabulary is not None, spec.key
    try:
        return spec.vocabulary(text)
    except ValueError:
        allowed = "、".join(spec.allowed_codes)
        raise InvalidValue(f"未知代码“{text}”，可用代码：{allowed}") from None


def _items(text: str) -> list[str]:
    if not text:
        return []
    return [item.strip() for item in text.split(",")]


def _codes(spec: ParameterSpec, text: str) -> frozenset[Vocabulary]:
    return frozenset(_code(spec, item) for item in _items(text))


def _pairs(text: str, kind: ParamType) -> list[tuple[str, str]]:
    pairs = []
    for item in _items(text):
        left, sep, right = item.partition(":")
        if not sep or not left.strip() or not right.strip():
            raise InvalidValue(f"“{item}”格式错误：{FORMAT_HINTS[kind]}")
        pairs.append((left.strip(), right.strip()))
    keys = [left for left, _ in pairs]
    if len(set(keys)) != len(keys):
        raise InvalidValue("同一代码出现了多次")
    return pairs


def _grade_map(spec: ParameterSpec, text: str) -> Mapping[Vocabulary, int]:
    result: dict[Vocabulary, int] = {}
    for code, grade in _pairs(text, ParamType.GRADE_MAP):
        if grade not in {"1", "2", "3", "4"}:
            raise InvalidValue(f"“{code}:{grade}”的等级应为 1–4")
        result[_code(spec, code)] = int(grade)
    return MappingProxyType(result)


def _int_map(spec: ParameterSpec, text: str) -> Mapping[str, int]:
    result: dict[str, int] = {}
    for code, number in _pairs(text, ParamType.INT_MAP):
        if not _FREE_CODE.match(code) or not _INT.match(number) or int(number) == 0:
            raise InvalidValue(f"“{code}:{number}”格式错误：{FORMAT_HINTS[ParamType.INT_MAP]}")
        result[code] = int(number)
    return MappingProxyType(result)


def _caps(spec: ParameterSpec, text: str) -> Mapping[Vocabulary, Decimal]:
    result: dict[Vocabulary, Decimal] = {}
    for code, cap in _pairs(text, ParamType.CAPS):
        if not _MONEY.match(cap):
            raise InvalidValue(f"“{code}:{cap}”的上限{FORMAT_HINTS[ParamType.MONEY]}")
        result[_code(spec, code)] = Decimal(cap)
    return MappingProxyType(result)


def _tiers(spec: ParameterSpec, text: str) -> tuple[Tier, ...]:
    tiers = tuple(
        Tier(_ratio(spec, floor), _ratio(spec, benefit))
        for floor, benefit in _pairs(text, ParamType.TIERS)
    )
    floors = [tier.min_gap_ratio for tier in tiers]
    if not tiers or floors != sorted(set(floors), reverse=True) or floors[-1] != 0:
        raise InvalidValue(FORMAT_HINTS[ParamType.TIERS])
    return tiers


_PARSERS = {
    ParamType.MONEY: _money,
    ParamType.RATIO: _ratio,
    ParamType.INT: _int,
    ParamType.BOOL: _bool,
    ParamType.CHOICE: _code,
    ParamType.CODES: _codes,
    ParamType.GRADE_MAP: _grade_map,
    ParamType.INT_MAP: _int_map,
    ParamType.CAPS: _caps,
    ParamType.TIERS: _tiers,
}
