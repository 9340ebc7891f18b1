"""Rule cases: the YAML beside each rule, run on any engine and compared with expectations.

A case gives input rows per table (omitted columns take `DEFAULTS`), an
optional period and parameter overrides, and the findings it expects. The
same cases run on DuckDB and Spark; the parity test also requires both
engines to give identical full output, not just the expected columns.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import yaml

from minzheng.analytics.engines import Engine, run_rule
from minzheng.analytics.feeds.derived import summarise
from minzheng.analytics.params import builtin_values, month_period
from minzheng.analytics.rulefile import Rule
from minzheng.analytics.tables import DERIVED_FROM, INPUT_TABLES

# Values a row gets when the case does not mention the column; chosen so that a
# row means "an ordinary resident with nothing special" unless the case says more.
DEFAULTS: dict[str, dict[str, object]] = {
    "areas": {"name": "测试社区", "level": "community", "is_synthetic": False},
    "persons": {
        "name": "测试",
        "relation": "head",
        "disability_type": "",
        "life_status": "alive",
        "employment": "none",
        "school_stage": "",
        "monthly_income": "0.00",
    },
    "households": {
        "urban_rural": "urban",
        "programme": "",
        "size": 1,
        "owns_second_dwelling": False,
        "owns_vehicle": False,
        "deposits": "0.00",
    },
    # The payments export (supervision rules): a regular line paid to the person's card.
    "payroll_lines": {
        "cycle_kind": "regular",
        "cycle_status": "completed",
        "county_code": "320302",
        "base": "0.00",
        "arrears": "0.00",
        "gradual_exit": "0.00",
        "deductions": "0.00",
        "total": "0.00",
        "arrears_months": [],
        "status": "paid",
        "held_reason": "",
        "bank_reason": "",
    },
    "enrolments": {"status": "active", "covered_members": 1, "from_roll": False},
    "covered_months": {"arrears": False},
}


class CaseFileError(ValueError):
    """A cases file that does not fit the rule (unknown table or column, bad value)."""


@dataclass(frozen=True)
class Case:
    rule_id: str
    name: str
    period: str
    tables: dict[str, list[dict[str, Any]]]
    expected: list[dict[str, Any]]
    parameters: dict[str, Any] = field(default_factory=dict)


def python_value(arrow_type: pa.DataType, raw: object) -> object:
    """A YAML value as the Python value Arrow stores for that type (money as Decimal)."""
    if raw is None:
        return None
    if pa.types.is_decimal(arrow_type):
        if isinstance(raw, float):
            raise CaseFileError(f'金额请写成字符串，例如 "6000.00"，而不是 {raw!r}')
        return decimal.Decimal(str(raw))
    if pa.types.is_date(arrow_type) and isinstance(raw, str):
        return dt.date.fromisoformat(raw)
    if pa.types.is_timestamp(arrow_type) and isinstance(raw, str | dt.date):
        return dt.datetime.fromisoformat(str(raw))
    if pa.types.is_string(arrow_type):
        return str(raw)
    return raw


def arrow_table(
    table: str, rows: list[dict[str, Any]], keys: Mapping[str, int] | None = None
) -> pa.Table:
    """Typed input rows for one table, with defaults for the columns a case leaves out.

    `person_key` is the store's to give (`minzheng.analytics.keys`), never the case's:
    a row gets the key of its ID number from `keys` (see `case_keys`)."""
    schema = INPUT_TABLES[table]
    defaults = DEFAULTS.get(table, {})
    for row in rows:
        if unknown := set(row) - set(schema.names):
            raise CaseFileError(f"表 {table} 没有列 {sorted(unknown)}")
        if "person_key" in row:
            raise CaseFileError(f"表 {table}: person_key 由数据库按身份证号分配，用例中不要给出")
    if "person_key" in schema.names:
        keys = keys or {}
        rows = [{**row, "person_key": keys.get(str(row.get("id_number")))} for row in rows]
    columns = {
        f.name: pa.array(
            [python_value(f.type, row.get(f.name, defaults.get(f.name))) for row in rows], f.type
        )
        for f in schema
    }
    return pa.table(columns, schema=schema)


def case_keys(case: Case) -> dict[str, int]:
    """Person keys for a case's ID numbers, as a store would give them: 1, 2, ... in
    ID-number order, one per ID number across every table of the case."""
    ids = {
        str(row["id_number"])
        for rows in case.tables.values()
        for row in rows
        if row.get("id_number") is not None
    }
    return {id_number: key for key, id_number in enumerate(sorted(ids), start=1)}


def case_table(table: str, case: Case) -> pa.Table:
    """A table's rows in a case; a derived table is built from its feed's rows, as the
    importer builds it, so cases keep giving what departments send."""
    keys = case_keys(case)
    if table in DERIVED_FROM:
        if table in case.tables:
            raise CaseFileError(
                f"{case.rule_id} 用例 {case.name!r}: {table} 由导入生成，请给出源表"
            )
        source = DERIVED_FROM[table]
        return summarise(table, arrow_table(source, case.tables.get(source, []), keys))
    return arrow_table(table, case.tables.get(table, []), keys)


def load_cases(rule: Rule) -> list[Case]:
    data = yaml.safe_load(rule.cases_path.read_text("utf-8"))
    if data.get("rule") != rule.id:
        raise CaseFileError(f"{rule.cases_path.name}: rule 应为 {rule.id}")
    cases = []
    for item in data["cases"]:
        if unknown := set(item.get("tables", {})) - set(INPUT_TABLES):
            raise CaseFileError(f"{rule.id} 用例 {item['name']!r}: 未知的表 {sorted(unknown)}")
        cases.append(
            Case(
                rule_id=rule.id,
                name=str(item["name"]),
                period=str(item["period"]),
                tables=item.get("tables", {}),
                expected=item.get("expected") or [],
                parameters=item.get("parameters") or {},
            )
        )
    return cases


def run_case(engine: Engine, rule: Rule, case: Case) -> pa.Table:
    """Register the tables the rule reads (empty when the case gives no rows) and run it.

    Only those tables: creating a Spark DataFrame costs a round trip to the JVM.
    """
    for table in rule.input_columns:
        engine.register_arrow(table, case_table(table, case))
    start, end = month_period(case.period)
    values = {**builtin_values(start, end), **rule.values(case.parameters)}
    return run_rule(engine, rule, values)


def rows_of(result: pa.Table) -> list[tuple[object, ...]]:
    """Rows in a canonical order, for comparing two engines' findings exactly."""
    return sorted((tuple(row.values()) for row in result.to_pylist()), key=repr)


def mismatch(rule: Rule, case: Case, result: pa.Table) -> str | None:
    """None when the findings are the expected ones (as a multiset), else what differs."""
    if not case.expected:
        return None if result.num_rows == 0 else f"期望无结果，实际 {result.to_pylist()}"
    keys = list(case.expected[0])
    if any(list(row) != keys for row in case.expected):
        raise CaseFileError(f"{rule.id} 用例 {case.name!r}: 每条期望结果应列出相同的列")
    types = dict(zip(rule.output_schema.names, rule.output_schema.types, strict=True))
    if unknown := set(keys) - set(types):
        raise CaseFileError(f"{rule.id} 用例 {case.name!r}: 输出中没有列 {sorted(unknown)}")
    expected = Counter(
        tuple(python_value(types[k], row[k]) for k in keys) for row in case.expected
    )
    actual = Counter(tuple(row[k] for k in keys) for row in result.to_pylist())
    if expected == actual:
        return None
    return (
        f"期望 {sorted(expected.elements(), key=repr)}\n实际 {sorted(actual.elements(), key=repr)}"
    )


def all_cases(rules: list[Rule]) -> list[tuple[Rule, Case]]:
    return [(rule, case) for rule in rules for case in load_cases(rule)]


def case_ids(pairs: list[tuple[Rule, Case]]) -> list[str]:
    """Readable pytest ids: W001-1, W001-2, ..."""
    seen: Counter[str] = Counter()
    ids = []
    for rule, _ in pairs:
        seen[rule.id] += 1
        ids.append(f"{rule.id}-{seen[rule.id]}")
    return ids
