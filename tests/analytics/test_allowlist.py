"""Per-engine function allow-lists: a rule calling anything else is refused at load time."""

from __future__ import annotations

import pytest
import sqlglot

from minzheng.analytics.allowlist import FunctionNotAllowed, allowed_functions, check


def tree(sql: str) -> sqlglot.exp.Expression:
    return sqlglot.parse_one(sql, read="duckdb")


def test_spark_allows_only_what_duckdb_allows() -> None:
    assert allowed_functions("spark") <= allowed_functions("duckdb")
    assert "SUM" in allowed_functions("spark")


def test_a_duckdb_only_function_is_refused_on_spark_with_its_name_and_place() -> None:
    rule = tree("SELECT strftime(death_date, '%Y') AS y FROM deaths")
    check("W999", rule, "duckdb")
    with pytest.raises(
        FunctionNotAllowed, match=r"W999.*spark.*TIME_TO_STR（STRFTIME\(death_date"
    ):
        check("W999", rule, "spark")


def test_an_unknown_function_is_refused_on_every_engine() -> None:
    rule = tree("SELECT my_udf(x) AS y, sum(x) AS z FROM t WHERE a AND b")
    for engine in ("duckdb", "spark"):
        with pytest.raises(FunctionNotAllowed, match="MY_UDF") as raised:
            check("W999", rule, engine)
        assert "SUM" not in str(raised.value) and "AND" not in str(raised.value)


def test_an_unknown_engine_is_an_error() -> None:
    with pytest.raises(ValueError, match="未知的引擎"):
        allowed_functions("oracle")
