"""Derived tables: a feed's summary, built when the feed is imported and read by rules.

W007 (income drop) compares each person's wages this month with the months before.
Departments send one row per person, month and employer, so the rule had to sum
every row of every look-back month and then count distinct months again for the
people whose wages dropped. Each month is summarised once instead, when its file
arrives: `wage_months` has one row per person (by the store's person key, `keys`)
and month, the wage being the sum of all of that month's rows in every batch (a
late correction file included). A person thus has at most one row per month, and
"wages in each of the n months" is a row count.

Files: STORE/derived/<table>/<YYYY-MM>.parquet, one per month, naming in its
Parquet metadata the source batch files (path and size; batches are immutable)
it was built from. A file is written under tmp/ and moved into place with one
`os.replace`, so a reader sees the old or the new summary, never half of one.
`refresh` rebuilds only the months whose sources changed: the importer calls it
after publishing a batch, and a run calls it as well (reading Parquet footers
only when nothing changed), so an import killed between publishing its batch and
summarising it cannot make a run read a stale summary.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from minzheng.analytics.feeds.validation import literal
from minzheng.analytics.params import month_period
from minzheng.analytics.store import Store
from minzheng.analytics.tables import DERIVED_FROM, DERIVED_TABLES

SOURCES_KEY = b"minzheng.sources"
# Per derived table: the source feed's month column and the summary's SELECT.
MONTH_COLUMN = {"wage_months": "month"}
SUMMARY_SQL = {
    "wage_months": (
        "SELECT person_key, month, CAST(SUM(wage) AS DECIMAL(12, 2)) AS wage "
        "FROM {source} {where} GROUP BY person_key, month"
    ),
}


def summarise(table: str, rows: pa.Table) -> pa.Table:
    """The derived table computed from the source feed's rows (the rule cases use it)."""
    con = duckdb.connect()
    try:
        con.register("source_rows", rows)
        sql = SUMMARY_SQL[table].format(source="source_rows", where="")
        return con.sql(sql).to_arrow_table().cast(DERIVED_TABLES[table])
    finally:
        con.close()


def refresh(
    store: Store, tables: Iterable[str] = DERIVED_TABLES, *, force: bool = False
) -> dict[str, list[str]]:
    """Rebuild the months of each derived table whose sources changed (all if `force`).

    Returns the months rebuilt per table.
    """
    rebuilt: dict[str, list[str]] = {}
    for table in tables:
        wanted = _sources_by_month(store, table)
        target = store.derived_dir(table)
        for path in store.derived_files(table):
            if path.stem not in wanted:  # its batches are gone
                path.unlink()
        stale = [
            month
            for month, sources in sorted(wanted.items())
            if force or _built_from(target / f"{month}.parquet") != _signature(store, sources)
        ]
        if stale:
            _build(store, table, {month: wanted[month] for month in stale})
        rebuilt[table] = stale
    return rebuilt


def _sources_by_month(store: Store, table: str) -> dict[str, list[Path]]:
    by_month: dict[str, list[Path]] = {}
    for path in store.feed_files(DERIVED_FROM[table]):
        for month in _months_in(path, MONTH_COLUMN[table]):
            by_month.setdefault(month, []).append(path)
    return by_month


def _months_in(path: Path, column: str) -> set[str]:
    """The months a batch file holds, from its row-group statistics (footer only)."""
    meta = pq.read_metadata(path)
    index = meta.schema.to_arrow_schema().get_field_index(column)
    months: set[str] = set()
    for i in range(meta.num_row_groups):
        stats = meta.row_group(i).column(index).statistics
        if stats is None or not stats.has_min_max:
            values = pq.read_table(path, columns=[column]).column(column).drop_null()
            return {d.strftime("%Y-%m") for d in set(values.to_pylist())}
        months |= _month_range(stats.min, stats.max)
    return months


def _month_range(low: dt.date, high: dt.date) -> set[str]:
    months, current = set(), low.replace(day=1)
    while current <= high:
        months.add(current.strftime("%Y-%m"))
        current = month_period(current.strftime("%Y-%m"))[1]
    return months


def _signature(store: Store, sources: list[Path]) -> str:
    described = sorted(f"{p.relative_to(store.root)}:{p.stat().st_size}" for p in sources)
    return json.dumps(described)


def _built_from(path: Path) -> str | None:
    if not path.exists():
        return None
    metadata = pq.read_schema(path).metadata or {}
    raw = metadata.get(SOURCES_KEY)
    return raw.decode("utf-8") if raw is not None else None


def _build(store: Store, table: str, months: dict[str, list[Path]]) -> None:
    target = store.derived_dir(table)
    target.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    try:
        with store.staging(f"derive-{table}") as staged:
            for month, sources in months.items():
                data = _summary_of_month(con, table, month, sources)
                data = data.replace_schema_metadata(
                    {SOURCES_KEY: _signature(store, sources).encode("utf-8")}
                )
                staged_file = staged / f"{month}.parquet"
                pq.write_table(data, staged_file, compression="zstd")
                with staged_file.open("rb") as handle:
                    os.fsync(handle.fileno())
                os.replace(staged_file, target / f"{month}.parquet")
    finally:
        con.close()


def _summary_of_month(
    con: duckdb.DuckDBPyConnection, table: str, month: str, sources: list[Path]
) -> pa.Table:
    start, end = month_period(month)
    column = MONTH_COLUMN[table]
    files = ", ".join(literal(str(path)) for path in sources)
    where = (
        f"WHERE {column} >= DATE {literal(start.isoformat())} "
        f"AND {column} < DATE {literal(end.isoformat())}"
    )
    sql = SUMMARY_SQL[table].format(source=f"read_parquet([{files}])", where=where)
    return con.sql(sql).to_arrow_table().cast(DERIVED_TABLES[table])
