"""Every rule's YAML cases, on DuckDB and on Spark local mode, with identical findings.

The one parametrised test of "Rules as data": each case runs on DuckDB and
must give the expected findings; under the `spark` marker the same case runs
on Spark (the rule translated by sqlglot) and must give exactly the DuckDB
output, every column of every row.
"""

from __future__ import annotations

import pyarrow as pa
import pytest

from minzheng.analytics.cases import (
    Case,
    CaseFileError,
    all_cases,
    arrow_table,
    case_ids,
    mismatch,
    rows_of,
    run_case,
)
from minzheng.analytics.engines.duckdb_engine import DuckDBEngine
from minzheng.analytics.rulefile import Rule, load_rules

# Both rule sets: the warning rules (D5) and the funds-supervision rules (D14).
PAIRS = all_cases(load_rules()) + all_cases(load_rules(ruleset="supervision"))
ENGINES = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize(("rule", "case"), PAIRS, ids=case_ids(PAIRS))
def test_rule_case_gives_the_expected_findings_on_every_engine(
    request: pytest.FixtureRequest,
    duckdb_engine: DuckDBEngine,
    engine_name: str,
    rule: Rule,
    case: Case,
) -> None:
    on_duckdb = run_case(duckdb_engine, rule, case)
    assert mismatch(rule, case, on_duckdb) is None, (
        f"{rule.id} {case.name}: {mismatch(rule, case, on_duckdb)}"
    )
    if engine_name == "spark":
        on_spark = run_case(request.getfixturevalue("spark_engine"), rule, case)
        assert on_spark.schema == on_duckdb.schema
        assert rows_of(on_spark) == rows_of(on_duckdb)


def test_every_rule_has_at_least_one_case_with_and_one_without_findings() -> None:
    by_rule: dict[str, list[Case]] = {}
    for rule, case in PAIRS:
        by_rule.setdefault(rule.id, []).append(case)
    for rule_id, cases in by_rule.items():
        assert any(case.expected for case in cases), rule_id
        # A case expecting no finding proves the rule can stay silent (look-alikes, D14).
        assert any(not case.expected for case in cases), rule_id


def test_a_wrong_expectation_is_reported(duckdb_engine: DuckDBEngine) -> None:
    rule, case = PAIRS[0]
    wrong = Case(rule.id, case.name, case.period, case.tables, [{"stay_id": "NOPE"}])
    assert "NOPE" in (mismatch(rule, wrong, run_case(duckdb_engine, rule, case)) or "")


def test_case_rows_take_defaults_and_refuse_unknown_columns_and_float_money() -> None:
    table = arrow_table("households", [{"household_id": 1, "monthly_income": "10.00"}])
    assert table.column("programme").to_pylist() == [""]
    assert table.schema.field("monthly_income").type == pa.decimal128(12, 2)
    with pytest.raises(CaseFileError, match="salary"):
        arrow_table("persons", [{"salary": 1}])
    with pytest.raises(CaseFileError, match="字符串"):
        arrow_table("households", [{"monthly_income": 10.5}])
