"""DuckDB in process: the default engine, a whole city on one machine."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import duckdb
import pyarrow as pa

from minzheng.analytics.feeds.validation import literal, quote


class DuckDBEngine:
    """Tables are views over Parquet (projection and filter push-down do the rest),
    except those named in `materialize`, which are loaded into memory once.

    Every rule joins the registry (`persons`, `households`): decoding its ID numbers
    from Parquet once per rule costs more than loading them once per run, while a
    feed is read by one or two rules, mostly one month of it. `memory_limit` and
    `temp_directory` let a nightly run spill to disk instead of failing on a small
    server; `threads` defaults to every core.
    """

    name = "duckdb"

    def __init__(
        self,
        *,
        threads: int | None = None,
        memory_limit: str | None = None,
        temp_directory: Path | None = None,
        materialize: Collection[str] = (),
    ) -> None:
        self.materialize = frozenset(materialize)
        self.con = duckdb.connect()
        # Results are sorted by the runner; not keeping scan order saves memory and time.
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute("SET enable_progress_bar = false")  # the runner shows its own
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self.con.execute(f"SET memory_limit = {literal(memory_limit)}")
        if temp_directory:
            self.con.execute(f"SET temp_directory = {literal(str(temp_directory))}")
        self._arrow: dict[str, pa.Table] = {}

    def register_parquet(self, table: str, files: list[Path], schema: pa.Schema) -> None:
        if not files:
            self.register_arrow(table, schema.empty_table())
            return
        columns = ", ".join(quote(name) for name in schema.names)
        paths = ", ".join(literal(str(path)) for path in files)
        kind = "TABLE" if table in self.materialize else "VIEW"
        self.con.execute(
            f"CREATE OR REPLACE {kind} {quote(table)} AS SELECT {columns} "
            f"FROM read_parquet([{paths}], hive_partitioning = false)"
        )

    def register_arrow(self, table: str, data: pa.Table) -> None:
        self.con.execute(f"DROP VIEW IF EXISTS {quote(table)}")
        self.con.execute(f"DROP TABLE IF EXISTS {quote(table)}")
        self._arrow[table] = data  # DuckDB scans the Arrow memory; keep it alive
        self.con.register(table, data)

    def register_view(self, table: str, sql: str) -> None:
        self.con.execute(f"CREATE OR REPLACE VIEW {quote(table)} AS {sql}")

    def query(self, sql: str) -> pa.Table:
        return self.con.sql(sql).to_arrow_table()

    def close(self) -> None:
        self.con.close()
