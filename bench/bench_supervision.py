"""Benchmark of the funds-supervision rules (issue 11, D14): DuckDB run, floor, PostgreSQL.

    flock /tmp/bench.lock nice -n 10 .venv/bin/python bench/bench_supervision.py
    .venv/bin/python bench/bench_supervision.py --persons 50000 --months 12 --no-postgres

Generates (once, cached under bench/out/) a synthetic registry of N persons in
two-person households and a payments ledger export of M months: every person (or, in
every fifth household, the household's dibao, paid to the head) is paid one programme
each month — old-age allowance by the right band for those born before 1944, otherwise
a disability living subsidy — with covered months, and `issued` + `paid` ledger entries
per line. Planted among them, by person number: payments after death (and deaths whose
month is still paid by policy), after an enrolment's end, duplicate lines in another
county, old-age allowances of the wrong band, one account receiving for many
households, and lines whose bank answer does not reconcile. Then, in the same
invocation, measures (as bench_rules.py does for the warning rules):

- the supervision run on DuckDB through the real runner, in a fresh process (seconds,
  CPU seconds, peak resident memory, findings per rule);
- the single-scan floor: one pass over every input column the rules read, hashing
  every value, on the same engine;
- the same SQL on PostgreSQL (127.0.0.1:5432, database test_suprules), translated by
  sqlglot after COPY of the columns the rules read, with indexes on the join keys and
  ANALYZE; every rule's findings compared with DuckDB's, table for table (exit 1 when
  any differ).

The machine's load (bench/machine.py) is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from machine import Machine  # bench/ is the script's directory, hence on sys.path
from supervision_city import period_of, prepare

from minzheng.analytics.cli import make_engine
from minzheng.analytics.feeds.validation import literal, quote
from minzheng.analytics.params import builtin_values, month_period
from minzheng.analytics.rulefile import Rule, load_rules
from minzheng.analytics.runner import RunRequest, collect_inputs, run
from minzheng.analytics.store import Store
from minzheng.analytics.tables import INPUT_TABLES, sql_type
from minzheng.synth.metrics import peak_rss_mb

DSN = "host=127.0.0.1 port=5432 user=postgres dbname=test_suprules connect_timeout=3"
SCHEMA = "minzheng_supervision_bench"


def in_child(case: str, **kwargs: Any) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", case, "--child-args", json.dumps(kwargs)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{case} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def child_run(store: str, registry: str, ledger: str, period: str) -> dict[str, Any]:
    started, cpu = time.perf_counter(), time.process_time()
    request = RunRequest(
        Path(store),
        Path(registry),
        period,
        run_id=f"bench-{time.time_ns()}",
        progress=False,
        ruleset="supervision",
        ledger=Path(ledger),
    )
    engine = make_engine("duckdb", Path(store), None)
    outcome = run(request, engine)
    engine.close()
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "peak_rss_mb": peak_rss_mb(),
        "manifest": outcome.manifest,
        "path": str(outcome.path),
    }


def scan_queries(rules: list[Rule], store: Path, registry: Path, ledger: Path) -> list[str]:
    columns: dict[str, set[str]] = {}
    for rule in rules:
        for table, names in rule.input_columns.items():
            columns.setdefault(table, set()).update(names)
    inputs = collect_inputs(Store(store), registry, set(columns), ledger)
    queries = []
    for table, wanted in sorted(columns.items()):
        if not inputs[table].files:
            continue
        files = ", ".join(literal(str(p)) for p in inputs[table].files)
        reads = ", ".join(f"max(hash({quote(name)}))" for name in sorted(wanted))
        queries.append(f"SELECT count(*), {reads} FROM read_parquet([{files}])")
    return queries


def child_floor(store: str, registry: str, ledger: str) -> dict[str, Any]:
    rules = load_rules(engines=("duckdb",), ruleset="supervision")
    queries = scan_queries(rules, Path(store), Path(registry), Path(ledger))
    con = duckdb.connect()
    for sql in queries:
        con.execute(sql).fetchall()
    started, cpu = time.perf_counter(), time.process_time()
    for sql in queries:
        con.execute(sql).fetchall()
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "columns": sum(q.count("hash(") for q in queries),
    }


def postgres(store: Path, registry: Path, ledger: Path, duck: Path, period: str) -> Any:
    """The same rule SQL on PostgreSQL; {"skipped": why} when it cannot be reached."""
    try:
        import psycopg
    except ImportError:
        return {"skipped": "psycopg 未安装"}
    try:
        con = psycopg.connect(DSN)
    except psycopg.OperationalError as exc:
        return {"skipped": f"PostgreSQL 不可用：{exc}".strip()}
    rules = load_rules(engines=("duckdb",), ruleset="supervision")
    columns: dict[str, set[str]] = {}
    for rule in rules:
        for table, names in rule.input_columns.items():
            columns.setdefault(table, set()).update(names)
    inputs = collect_inputs(Store(store), registry, set(columns), ledger)
    started = time.perf_counter()
    with con.cursor() as cur:
        cur.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        cur.execute(f"CREATE SCHEMA {SCHEMA}")
    for name, table in inputs.items():
        fields = [f for f in INPUT_TABLES[name] if f.name in columns[name]]
        _pg_copy(con, name, fields, table.files, store / "tmp")
    with con.cursor() as cur:
        for table, column in [
            ("persons", "person_id"),
            ("persons", "person_key"),
            ("persons", "household_id"),
            ("households", "household_id"),
            ("enrolments", "enrolment_id"),
            ("payroll_lines", "line_id"),
            ("covered_months", "line_id"),
            ("ledger", "line_id"),
            ("payee_accounts", "account_number"),
        ]:
            if table in inputs:
                cur.execute(f"CREATE INDEX ON {SCHEMA}.{table} ({column})")
        cur.execute("ANALYZE")
    con.commit()
    load = time.perf_counter() - started
    per_rule, differing = {}, []
    start, end = month_period(period)
    with con.cursor() as cur:
        cur.execute(f"SET search_path TO {SCHEMA}")
        cur.execute("SET work_mem = '256MB'")
        for rule in rules:
            sql = rule.render("postgres", {**builtin_values(start, end), **rule.values()})
            t = time.perf_counter()
            cur.execute(sql)
            rows = cur.fetchall()
            per_rule[rule.id] = round(time.perf_counter() - t, 2)
            names = rule.output_schema.names
            got = pa.Table.from_pylist(
                [dict(zip(names, row, strict=True)) for row in rows], rule.output_schema
            )
            expected = pq.read_table(duck / "rules" / f"{rule.id}.parquet")
            if not _sorted(got).equals(_sorted(expected)):
                differing.append(rule.id)
    con.rollback()
    con.close()
    return {
        "load_seconds": round(load, 1),
        "seconds": round(sum(per_rule.values()), 2),
        "per_rule": per_rule,
        "differing": differing,
    }


def _pg_copy(con: Any, name: str, fields: list[pa.Field], files: list[Path], tmp: Path) -> None:
    pg = {"VARCHAR": "text", "TINYINT": "smallint", "TIMESTAMP": "timestamptz"}
    columns = ", ".join(
        f"{quote(f.name)} {pg.get(sql_type(f.type), sql_type(f.type))}" for f in fields
    )
    with con.cursor() as cur:
        cur.execute(f"CREATE TABLE {SCHEMA}.{name} ({columns})")
    con.commit()
    if not files:
        return
    tmp.mkdir(parents=True, exist_ok=True)
    csv_path = tmp / f"pg-{name}.csv"
    names = ", ".join(quote(f.name) for f in fields)
    paths = ", ".join(literal(str(p)) for p in files)
    duckdb.sql(
        f"COPY (SELECT {names} FROM read_parquet([{paths}])) TO {literal(str(csv_path))} "
        "(HEADER, DELIMITER ',')"
    )
    with con.cursor() as cur:
        copy_sql = f"COPY {SCHEMA}.{name} FROM STDIN (FORMAT csv, HEADER)"
        with cur.copy(copy_sql) as copy, csv_path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
    con.commit()
    csv_path.unlink()


def _sorted(table: pa.Table) -> pa.Table:
    return table.sort_by([(name, "ascending") for name in table.column_names])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--child-args")
    args = parser.parse_args()
    if args.child:
        kwargs = json.loads(args.child_args)
        case = {"run": child_run, "floor": child_floor}[args.child]
        print(json.dumps(case(**kwargs), default=str))
        return
    registry, ledger, store = prepare(args.persons, args.months)
    period = period_of(args.months)
    sizes = json.loads((registry.parent / "done.json").read_text())
    paths = {"store": str(store), "registry": str(registry), "ledger": str(ledger)}
    with Machine() as machine:
        runs = [in_child("run", **paths, period=period) for _ in range(args.repeat)]
        floors = [in_child("floor", **paths) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: float(r["seconds"]))
        floor = min(floors, key=lambda r: float(r["seconds"]))
        pg = (
            {"skipped": "--no-postgres"}
            if args.no_postgres
            else postgres(store, registry, ledger, Path(best["path"]), period)
        )
    print(f"supervision benchmark: {args.persons} persons × {args.months} months, period {period}")
    print(f"inputs: {sizes}")
    print(
        f"DuckDB run: {best['seconds']:.2f} s (all {[round(r['seconds'], 2) for r in runs]}), "
        f"CPU {best['cpu_seconds']:.2f} s, peak {max(r['peak_rss_mb'] for r in runs):.0f} MB"
    )
    print(
        f"floor ({floor['columns']} columns): {floor['seconds']:.2f} s, CPU "
        f"{floor['cpu_seconds']:.2f} s → ratio {best['seconds'] / floor['seconds']:.1f}× wall, "
        f"{best['cpu_seconds'] / floor['cpu_seconds']:.1f}× CPU"
    )
    per_rule = " · ".join(
        f"{r['id']} {r['seconds']:.2f}s/{r['findings']}" for r in best["manifest"]["rules"]
    )
    print(f"per rule (seconds/findings): {per_rule}")
    print(f"phases: {best['manifest']['phases']}")
    print(f"PostgreSQL: {json.dumps(pg, ensure_ascii=False)}")
    print(machine.report())
    if isinstance(pg, dict) and pg.get("differing"):
        sys.exit(1)


if __name__ == "__main__":
    main()
