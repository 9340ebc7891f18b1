"""Rule parameters: typed values from configuration, bound as typed literals (no float money)."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
import sqlglot

from minzheng.analytics.params import ParameterError, ParamType, bind, coerce, month_period


def test_money_comes_as_decimal_and_float_is_refused() -> None:
    assert coerce(ParamType.MONEY, "6000") == decimal.Decimal("6000")
    assert coerce(ParamType.MONEY, "6000.50") == decimal.Decimal("6000.50")
    with pytest.raises(ParameterError, match="浮点数"):
        coerce(ParamType.MONEY, 6000.5)
    with pytest.raises(ParameterError, match="2位小数"):
        coerce(ParamType.MONEY, "6000.505")


def test_a_list_setting_may_be_comma_separated_text_as_config_values_are() -> None:
    assert coerce(ParamType.TEXT_LIST, "dibao, near_dibao") == ("dibao", "near_dibao")
    assert coerce(ParamType.TEXT_LIST, ["C", "D"]) == ("C", "D")
    with pytest.raises(ParameterError):
        coerce(ParamType.TEXT_LIST, [])


def test_other_types_are_checked() -> None:
    assert coerce(ParamType.INTEGER, "12") == 12
    assert coerce(ParamType.DATE, "2024-06-01") == dt.date(2024, 6, 1)
    assert coerce(ParamType.RATIO, "0.6") == decimal.Decimal("0.6")
    with pytest.raises(ParameterError):
        coerce(ParamType.INTEGER, "1.5")
    with pytest.raises(ParameterError):
        coerce(ParamType.DATE, "June")


def test_binding_puts_typed_literals_in_place_for_both_dialects() -> None:
    tree = sqlglot.parse_one(
        "SELECT * FROM t WHERE m > $limit AND p IN ($kinds) "
        "AND d >= $start - INTERVAL ($months) MONTH",
        read="duckdb",
    )
    types = {
        "limit": ParamType.MONEY,
        "kinds": ParamType.TEXT_LIST,
        "start": ParamType.DATE,
        "months": ParamType.INTEGER,
    }
    values = {
        "limit": decimal.Decimal("6000.00"),
        "kinds": ("dibao", "near_dibao"),
        "start": dt.date(2024, 6, 1),
        "months": 3,
    }
    bound = bind(tree, types, values)
    expected = (
        "m > CAST('6000.00' AS DECIMAL(12, 2)) AND p IN ('dibao', 'near_dibao') "
        "AND d >= CAST('2024-06-01' AS DATE) - INTERVAL '3' MONTH"
    )
    assert bound.sql("duckdb").endswith(expected)
    assert bound.sql("spark").endswith(expected)
    assert "$limit" in tree.sql("duckdb"), "the rule's own tree is left untouched"


def test_a_value_cannot_inject_sql() -> None:
    tree = sqlglot.parse_one("SELECT * FROM t WHERE p = $kind", read="duckdb")
    bound = bind(tree, {"kind": ParamType.TEXT}, {"kind": "x' OR '1'='1"})
    assert bound.sql("duckdb") == "SELECT * FROM t WHERE p = 'x'' OR ''1''=''1'"


def test_a_list_outside_in_and_a_missing_value_are_errors() -> None:
    tree = sqlglot.parse_one("SELECT * FROM t WHERE p = $kinds", read="duckdb")
    with pytest.raises(ParameterError, match="IN"):
        bind(tree, {"kinds": ParamType.TEXT_LIST}, {"kinds": ("a",)})
    with pytest.raises(ParameterError, match="没有取值"):
        bind(tree, {}, {})


def test_periods_are_calendar_months_and_december_rolls_over() -> None:
    assert month_period("2024-06") == (dt.date(2024, 6, 1), dt.date(2024, 7, 1))
    assert month_period("2024-12") == (dt.date(2024, 12, 1), dt.date(2025, 1, 1))
    with pytest.raises(ParameterError):
        month_period("2024-13")
