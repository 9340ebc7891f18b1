"""Strict reading of the calculator's JSON request, with every error named by its field path.

The reader collects all errors of a request instead of stopping at the first,
so that a caseworker's form (or an API client) can show them all at once.
On an error a typed placeholder is returned so that parsing can continue; the
caller raises `RequestError` before any placeholder could reach the engine.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from minzheng.assistance.policy.money import ZERO
from minzheng.assistance.policy.vocabulary import Vocabulary

V = TypeVar("V", bound=Vocabulary)
T = TypeVar("T")
D = TypeVar("D")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PLACEHOLDER_DATE = dt.date(2000, 1, 1)
# Bounds of a public request: far beyond any real household, small enough that no
# arithmetic overflows and no request costs more than a few milliseconds (issue 7).
MAX_MONEY = Decimal(1_000_000_000)  # yuan
MAX_MONEY_TEXT = 20  # characters of a money string ("999999999.99" is 12)
MAX_ITEMS = 30  # entries of any list: members, vehicles, supporters, documents…
MAX_ERRORS = 50  # errors reported; a request with more is wrong everywhere anyway
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


@dataclass(frozen=True)
class FieldError:
    path: str
    message: str


class RequestError(ValueError):
    """An invalid request: every error with the path of its field, in Chinese."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("；".join(f"{e.path}：{e.message}" for e in errors))


class Reader:
    """Typed accessors over JSON values that record errors under a field path."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def fail(self, path: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(FieldError(path or "（请求）", message))

    def obj(self, value: object, path: str, allowed: set[str]) -> Mapping[str, object]:
        """An object whose keys must all be known (typos are errors, not silently ignored)."""
        if not isinstance(value, Mapping):
            self.fail(path, "应为对象（JSON object）")
            return {}
        for key in value:
            if key not in allowed:
                self.fail(join(path, str(key)), "未知字段")
        return value

    def items(self, value: object, path: str, *, limit: int = MAX_ITEMS) -> list[object]:
        if not isinstance(value, list):
            self.fail(path, "应为数组（JSON array）")
            return []
        if len(value) > limit:
            self.fail(path, f"最多 {limit} 项，实际 {len(value)} 项")
            return value[:limit]
        return value

    def text(self, value: object, path: str, *, max_length: int = 100) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, "应为非空字符串")
            return ""
        if len(value) > max_length:
            self.fail(path, f"长度不能超过 {max_length} 个字符")
        return value.strip()

    def flag(self, value: object, path: str) -> bool:
        if not isinstance(value, bool):
            self.fail(path, "应为 true 或 false")
            return False
        return value

    def integer(self, value: object, path: str, *, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(path, f"应为 {low} 到 {high} 之间的整数")
            return low
        return value

    def money(self, value: object, path: str) -> Decimal:
        """Yuan as a string ("1200.50") or a JSON number; non-negative, at most 2 decimals."""
        amount = _decimal(value)
        if amount is None or not 0 <= amount <= MAX_MONEY or _decimal_places(amount) > 2:
            message = f'应为非负金额（元），不超过 {MAX_MONEY} 元，最多两位小数，如 "1200.50"'
            self.fail(path, message)
            return ZERO
        return amount

    def date(self, value: object, path: str) -> dt.date:
        if isinstance(value, str) and _DATE.match(value):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                pass
            else:
                if FIRST_DATE <= day <= LAST_DATE:
                    return day
                self.fail(path, f"日期应在 {FIRST_DATE} 至 {LAST_DATE} 之间")
                return PLACEHOLDER_DATE
        self.fail(path, '应为日期，格式 YYYY-MM-DD，如 "2026-03-15"')
        return PLACEHOLDER_DATE

    def code(self, value: object, path: str, vocabulary: type[V], default: V) -> V:
        try:
            if isinstance(value, str):
                return vocabulary(value)
        except ValueError:
            pass
        allowed = "、".join(member.value for member in vocabulary)
        self.fail(path, f"未知代码 {value!r}，可用代码：{allowed}")
        return default

    def coder(self, vocabulary: type[V], default: V) -> Callable[[object, str], V]:
        """A parser for one code of `vocabulary`, for `required`/`optional`."""
        return lambda value, path: self.code(value, path, vocabulary, default)

    def codes(self, value: object, path: str, vocabulary: type[V], default: V) -> frozenset[V]:
        entries = self.items(value, path)
        return frozenset(
            self.code(entry, f"{path}[{index}]", vocabulary, default)
            for index, entry in enumerate(entries)
        )

    def optional(
        self,
        data: Mapping[str, object],
        key: str,
        path: str,
        parse: Callable[[object, str], T],
        default: D,
    ) -> T | D:
        """The field parsed, or `default` when absent or null."""
        value = data.get(key)
        if value is None:
            return default
        return parse(value, join(path, key))

    def required(
        self,
        data: Mapping[str, object],
        key: str,
        path: str,
        parse: Callable[[object, str], T],
        placeholder: D,
    ) -> T | D:
        value = data.get(key)
        if value is None:
            self.fail(join(path, key), "必填字段缺失")
            return placeholder
        return parse(value, join(path, key))


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value) if abs(value) <= MAX_MONEY else None
    if isinstance(value, float):
        value = repr(value)
    if not isinstance(value, str) or len(value) > MAX_MONEY_TEXT:
        return None
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _decimal_places(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
