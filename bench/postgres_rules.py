"""The warning rules on PostgreSQL, as shipped and as a DBA would tune it, for bench_rules.

The same rule files, translated by sqlglot, over the same Parquet data loaded with
COPY. Two configurations are measured on the same tables, and every rule's findings
are compared with DuckDB's, table for table:

- **default**: the server's own settings (`RESET ALL`: work_mem 4 MB, JIT on, its
  parallel workers), tables ANALYZEd after loading, an index on every join key
  (persons by key, id and household; households by id; every feed by person key);
- **tuned**: what a DBA would do for this nightly batch on a 2-core machine —
  `work_mem` large enough for the aggregations to hash in memory, JIT off (its
  compile time is a loss on queries of a few seconds), one parallel worker per
  core beside the leader, costs for data in cache, VACUUM for index-only scans, and
  the indexes the rules' filters need: feeds by their date (each rule reads one
  month, or twelve), covering indexes for the person-key joins.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from minzheng.analytics.feeds.validation import literal, quote
from minzheng.analytics.params import builtin_values, month_period
from minzheng.analytics.rulefile import Rule, load_rules
from minzheng.analytics.runner import InputTable, collect_inputs
from minzheng.analytics.store import Store
from minzheng.analytics.tables import INPUT_TABLES, REGISTRY_TABLES, sql_type

DSN = "host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=3"
SCHEMA = "minzheng_bench"
TIMEOUT_S = 900

# Indexes on the join keys: what any schema for these tables has.
BASIC_INDEXES = [
    ("persons", "person_key"),
    ("persons", "household_id"),
    ("persons", "person_id"),
    ("households", "household_id"),
    ("areas", "area_code"),
] + [(name, "person_key") for name in INPUT_TABLES if name not in REGISTRY_TABLES]

# The tuned configuration (session settings; the server's memory is shared).
TUNED_SETTINGS = {
    "work_mem": "1GB",
    "jit": "off",
    "max_parallel_workers_per_gather": "1",  # two cores: the leader and one worker
    "random_page_cost": "1.1",  # the data is in the page cache
    "effective_cache_size": "8GB",
}
# Indexes for the rules' filters, named so that the default run can drop them.
TUNED_INDEXES = {
    "tuned_settlements_date": "medical_settlements (settlement_date) "
    "INCLUDE (person_key, visit_type, stay_id, out_of_pocket)",
    "tuned_wage_months": "wage_months (person_key, month) INCLUDE (wage)",
    "tuned_wage_months_month": "wage_months (month) INCLUDE (person_key, wage)",
    "tuned_deaths_date": "deaths (death_date) INCLUDE (person_key)",
    "tuned_certificates_date": "disability_certificates (issue_date)",
    "tuned_unemployment_date": "unemployment_registrations (registration_date) "
    "INCLUDE (person_key)",
    "tuned_students_date": "students (enrolment_date)",
    "tuned_housing_date": "housing_safety (assessment_date)",
    "tuned_persons_household": "persons (household_id) "
    "INCLUDE (person_key, monthly_income, life_status)",
    "tuned_vehicles": "vehicles (person_key) INCLUDE (status, vehicle_type)",
    "tuned_real_estate": "real_estate (person_key) INCLUDE (status, usage)",
    "tuned_business": "business_registrations (person_key) INCLUDE (status, registered_capital)",
}


def pg_type(arrow_type: pa.DataType) -> str:
    return {"VARCHAR": "text", "TINYINT": "smallint"}.get(
        sql_type(arrow_type), sql_type(arrow_type)
    )


def compare(store: Path, registry: Path, duck_path: Path, scratch: Path, period: str) -> Any:
    """Both configurations; {"skipped": why} when PostgreSQL cannot be reached."""
    try:
        import psycopg  # optional here: only the benchmark needs a PostgreSQL client
    except ImportError:
        return {"skipped": "psycopg 未安装"}
    try:
        con = psycopg.connect(DSN)
    except psycopg.OperationalError as exc:
        return {"skipped": f"PostgreSQL 不可用：{exc}".strip()}
    rules = load_rules(engines=("duckdb",))
    tables = {t for rule in rules for t in rule.input_columns}
    inputs = collect_inputs(Store(store), registry, tables)
    marker = json.dumps({t: (i.rows, i.bytes) for t, i in sorted(inputs.items())})
    result: dict[str, Any] = {"load_seconds": _load(con, inputs, marker, scratch)}
    with con.cursor() as cur:
        cur.execute("SELECT version()")
        result["engine"] = str(cur.fetchone()[0]).split(" on ")[0]  # type: ignore[index]
    _drop_tuned_indexes(con)
    result["default"] = _run(con, rules, duck_path, {}, period)
    result["index_seconds"] = _tune(con, inputs)
    result["tuned"] = _run(con, rules, duck_path, TUNED_SETTINGS, period)
    result["tuned"]["settings"] = TUNED_SETTINGS
    con.close()
    return result


def _load(con: Any, inputs: dict[str, InputTable], marker: str, scratch: Path) -> float:
    """COPY every input table (skipped when the same data is there), basic indexes, ANALYZE."""
    with con.cursor() as cur:
        cur.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
        cur.execute(f"CREATE TABLE IF NOT EXISTS {SCHEMA}.bench_meta (marker text)")
        cur.execute(f"SELECT marker FROM {SCHEMA}.bench_meta")
        if cur.fetchone() == (marker,):
            return 0.0
    started = time.perf_counter()
    for table in inputs.values():
        _copy(con, table, scratch)
    with con.cursor() as cur:
        for table, column in BASIC_INDEXES:
            if table in inputs:
                cur.execute(f"CREATE INDEX ON {SCHEMA}.{table} ({column})")
        cur.execute("ANALYZE")
        cur.execute(f"DELETE FROM {SCHEMA}.bench_meta")
        cur.execute(f"INSERT INTO {SCHEMA}.bench_meta VALUES (%s)", (marker,))
    con.commit()
    return time.perf_counter() - started


def _copy(con: Any, table: InputTable, scratch: Path) -> None:
    schema = INPUT_TABLES[table.name]
    csv_path = scratch / f"pg-{table.name}.csv"
    files = ", ".join(literal(str(p)) for p in table.files)
    names = ", ".join(quote(f.name) for f in schema)
    duckdb.sql(
        f"COPY (SELECT {names} FROM read_parquet([{files}], hive_partitioning = false)) "
        f"TO {literal(str(csv_path))} (HEADER, DELIMITER ',')"
    )
    columns = ", ".join(f"{quote(f.name)} {pg_type(f.type)}" for f in schema)
    with con.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {SCHEMA}.{table.name}")
        cur.execute(f"CREATE TABLE {SCHEMA}.{table.name} ({columns})")
        copy_sql = f"COPY {SCHEMA}.{table.name} FROM STDIN (FORMAT csv, HEADER)"
        with cur.copy(copy_sql) as copy, csv_path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
    con.commit()
    csv_path.unlink()


def _drop_tuned_indexes(con: Any) -> None:
    with con.cursor() as cur:
        for name in TUNED_INDEXES:
            cur.execute(f"DROP INDEX IF EXISTS {SCHEMA}.{name}")
    con.commit()


def _tune(con: Any, inputs: dict[str, InputTable]) -> float:
    """The tuned indexes, then VACUUM ANALYZE (visibility map for index-only scans)."""
    started = time.perf_counter()
    with con.cursor() as cur:
        for name, definition in TUNED_INDEXES.items():
            if definition.split(" ", 1)[0] in inputs:
                cur.execute(f"CREATE INDEX {name} ON {SCHEMA}.{definition}")
    con.commit()
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("VACUUM ANALYZE")
    con.autocommit = False
    return time.perf_counter() - started


def _run(
    con: Any, rules: list[Rule], duck_path: Path, settings: dict[str, str], period: str
) -> dict[str, Any]:
    per_rule, differing = {}, []
    with con.cursor() as cur:
        cur.execute("RESET ALL")
        cur.execute(f"SET search_path TO {SCHEMA}")
        cur.execute(f"SET statement_timeout = '{TIMEOUT_S}s'")
        for name, value in settings.items():
            cur.execute(f"SET {name} = {literal(value)}")
        for rule in rules:
            seconds, same = _rule(cur, rule, duck_path, period)
            per_rule[rule.id] = seconds
            if not same:
                differing.append(rule.id)
    con.rollback()
    return {"seconds": sum(per_rule.values()), "per_rule": per_rule, "differing": differing}


def _rule(cur: Any, rule: Rule, duck_path: Path, period: str) -> tuple[float, bool]:
    start, end = month_period(period)
    sql = rule.render("postgres", {**builtin_values(start, end), **rule.values()})
    started = time.perf_counter()
    cur.execute(sql)
    rows = cur.fetchall()
    seconds = time.perf_counter() - started
    names = rule.output_schema.names
    got = pa.Table.from_pylist(
        [dict(zip(names, row, strict=True)) for row in rows], rule.output_schema
    )
    expected = pq.read_table(duck_path / "rules" / f"{rule.id}.parquet")
    return seconds, _sorted(got).equals(_sorted(expected))


def _sorted(table: pa.Table) -> pa.Table:
    return table.sort_by([(name, "ascending") for name in table.column_names])
