"""Rule parameters: typed values from configuration, bound into the SQL as typed literals.

Thresholds such as the D5.4 6,000 / 10,000 yuan are policy settings with an
effective date, so a rule only names them (`$monitored_threshold`); the run
passes the values in force. Values are inserted into the parsed SQL tree as
typed literals (money as DECIMAL(12,2), never float), which both keeps the
two engines' arithmetic identical and makes SQL injection through a setting
impossible.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from sqlglot import exp

ParamValue = decimal.Decimal | int | dt.date | str | tuple[str, ...]

BUILTINS = ("period_start", "period_end")


class ParameterError(ValueError):
    """A value that does not fit its parameter's type, or a parameter the rule lacks."""


class ParamType(Enum):
    MONEY = "money"  # yuan, two decimals
    RATIO = "ratio"  # e.g. 0.6 for 60 %, four decimals
    INTEGER = "integer"
    DATE = "date"
    TEXT = "text"
    TEXT_LIST = "text_list"  # only inside `IN ($name)`


SQL_DECIMALS = {ParamType.MONEY: ("DECIMAL(12, 2)", 2), ParamType.RATIO: ("DECIMAL(9, 4)", 4)}


@dataclass(frozen=True)
class Parameter:
    """A tunable of a rule, with its default and the configuration key that overrides it."""

    name: str
    type: ParamType
    default: ParamValue
    config_key: str
    description_zh: str


def _decimal(raw: object, places: int) -> decimal.Decimal:
    if isinstance(raw, float):
        raise ParameterError(f"{raw!r}：金额/比例不得使用浮点数，请写成字符串")
    try:
        value = decimal.Decimal(str(raw).strip())
    except decimal.InvalidOperation:
        raise ParameterError(f"{raw!r} 不是数字") from None
    if value != value.quantize(decimal.Decimal(1).scaleb(-places)):
        raise ParameterError(f"{raw!r} 超过{places}位小数")
    return value


def coerce(kind: ParamType, raw: object) -> ParamValue:
    """The typed value of a setting; settings arrive as text (ConfigValue.value) or YAML."""
    if kind in SQL_DECIMALS:
        return _decimal(raw, SQL_DECIMALS[kind][1])
    if kind is ParamType.INTEGER:
        if isinstance(raw, bool) or not str(raw).strip().lstrip("-").isdigit():
            raise ParameterError(f"{raw!r} 不是整数")
        return int(str(raw))
    if kind is ParamType.DATE:
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            raise ParameterError(f"{raw!r} 不是日期（YYYY-MM-DD）") from None
    if kind is ParamType.TEXT_LIST:
        items = raw.split(",") if isinstance(raw, str) else raw
        if not isinstance(items, list | tuple) or not items:
            raise ParameterError(f"{raw!r} 应为非空列表或逗号分隔的文本")
        return tuple(str(item).strip() for item in items)
    return str(raw)


def literal(kind: ParamType, value: ParamValue) -> exp.Expression:
    """A typed SQL literal for one value; TEXT_LIST is expanded by `bind`."""
    if kind in SQL_DECIMALS:
        return exp.cast(exp.Literal.string(str(value)), SQL_DECIMALS[kind][0])
    if kind is ParamType.INTEGER:
        return exp.Literal.number(int(str(value)))
    if kind is ParamType.DATE:
        return exp.cast(exp.Literal.string(str(value)), exp.DataType.Type.DATE)
    return exp.Literal.string(str(value))


def bind(
    tree: exp.Expression, types: Mapping[str, ParamType], values: Mapping[str, ParamValue]
) -> exp.Expression:
    """A copy of `tree` with every `$name` replaced by its value as a typed literal."""
    bound = tree.copy()
    for node in list(bound.find_all(exp.Placeholder)):
        name = node.name
        if name not in values or name not in types:
            raise ParameterError(f"参数 ${name} 没有取值")
        if types[name] is ParamType.TEXT_LIST:
            _expand_list(node, values[name])
        elif _in_interval(node):
            # `INTERVAL ($months) MONTH` must become `INTERVAL '3' MONTH`: the only
            # form both DuckDB and Spark accept for a month count.
            target = node.parent if isinstance(node.parent, exp.Paren) else node
            target.replace(exp.Literal.string(str(int(str(values[name])))))
        else:
            node.replace(literal(types[name], values[name]))
    return bound


def _in_interval(node: exp.Expression) -> bool:
    parent = node.parent
    if isinstance(parent, exp.Paren):
        parent = parent.parent
    return isinstance(parent, exp.Interval)


def _expand_list(node: exp.Placeholder, value: ParamValue) -> None:
    """`x IN ($names)` becomes `x IN ('a', 'b')`; a list anywhere else has no meaning."""
    parent = node.parent
    if not isinstance(parent, exp.In) or parent.expressions != [node]:
        raise ParameterError(f"列表参数 ${node.name} 只能写在 IN (${node.name}) 中")
    items = value if isinstance(value, tuple) else (str(value),)
    parent.set("expressions", [exp.Literal.string(item) for item in items])


def month_period(period: str) -> tuple[dt.date, dt.date]:
    """'2024-06' → (2024-06-01, 2024-07-01): runs are monthly, as the feeds are pushed."""
    try:
        start = dt.date.fromisoformat(f"{period}-01")
    except ValueError:
        raise ParameterError(f"期间 {period!r} 应为 YYYY-MM") from None
    end = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, end


def builtin_values(period_start: dt.date, period_end: dt.date) -> dict[str, ParamValue]:
    return {"period_start": period_start, "period_end": period_end}


BUILTIN_TYPES = {name: ParamType.DATE for name in BUILTINS}
