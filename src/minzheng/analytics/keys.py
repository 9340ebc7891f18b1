"""Person keys: one integer per citizen ID number, kept by the analytic store.

Every rule joins a feed to the registry by person, and some group a feed by person
(W007 sums four months of wages per person). Hashing and comparing an
18-character ID number costs about twice what an integer costs, so the store gives
every ID number it meets a key (1, 2, 3, ...) and rules join on `person_key`.
Keys are assigned when a feed file is imported (`key_file`) and when a registry
snapshot is handed to the store (`key_registry`), so a run only reads them.

Layout, in STORE/keys/::

    IDENTITY                     this key table's id (a registry keyed here says so)
    <first>-<last>.parquet       a segment: id_number, person_key for keys first..last
    .lock                        flock: one assigner at a time, across processes

Promises: an ID number has one key, a key one ID number, and neither ever changes
(stable across imports and runs). New keys are written as a new segment under
tmp/ and renamed into place while the lock is held, so a reader sees a segment
whole or not at all; a feed batch is keyed in its staging directory, after its
keys are on disk and before it is published. An import killed in between leaves
keys whose batch never appeared: they stay (nothing refers to a missing key, and
the same file sent again finds the same keys). Segments are merged when there are
many; a merged segment's range covers the ones it replaces, which are then ignored
and deleted, so a merge killed half-way leaves no duplicate key.
"""

from __future__ import annotations

import fcntl
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from minzheng.analytics.feeds.validation import literal
from minzheng.analytics.store import Store
from minzheng.analytics.tables import registry_files

SEGMENT = re.compile(r"\A(?P<first>\d{12})-(?P<last>\d{12})\.parquet\Z")
MERGE_AT = 32  # segments; one per import, so a merge now and then keeps look-ups quick
IDENTITY_KEY = b"minzheng.person_keys"  # Parquet metadata of a keyed registry file


class NotKeyed(ValueError):
    """A registry snapshot without this store's person keys (run `keys` first)."""


@dataclass(frozen=True)
class KeyTable:
    """The store's ID-number → key table. Methods that assign need `locked()`."""

    store: Store

    @property
    def directory(self) -> Path:
        return self.store.root / "keys"

    def segments(self) -> list[Path]:
        """The live segments in key order; one covered by a merged segment is left out."""
        found = []
        for path in self.directory.glob("*.parquet"):
            if match := SEGMENT.match(path.name):
                found.append((int(match["first"]), int(match["last"]), path))
        found.sort(key=lambda s: (s[0], -s[1]))
        live, covered_to = [], 0
        for _first, last, path in found:
            if last <= covered_to:
                continue
            live.append(path)
            covered_to = last
        return live

    def next_key(self) -> int:
        last = [int(SEGMENT.match(p.name)["last"]) for p in self.segments()]  # type: ignore[index]
        return max(last, default=0) + 1

    def sql(self) -> str:
        """A SQL table expression of every (id_number, person_key)."""
        segments = self.segments()
        if not segments:
            return (
                "(SELECT CAST(NULL AS VARCHAR) AS id_number, "
                "CAST(NULL AS BIGINT) AS person_key WHERE false)"
            )
        files = ", ".join(literal(str(p)) for p in segments)
        return f"read_parquet([{files}])"

    def identity(self) -> str | None:
        path = self.directory / "IDENTITY"
        return path.read_text("utf-8").strip() if path.exists() else None

    @contextmanager
    def locked(self) -> Iterator[KeyTable]:
        """Hold the table's lock (blocking) while assigning or merging."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with (self.directory / ".lock").open("a") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                if self.identity() is None:
                    _write_atomically(self.directory / "IDENTITY", uuid.uuid4().hex + "\n")
                yield self
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def assign(self, con: duckdb.DuckDBPyConnection, ids_sql: str) -> int:
        """Give a key to every ID number of `ids_sql` (a query with column `id_number`)
        that has none yet; returns how many were new. Call inside `locked()`."""
        first = self.next_key()
        new = con.sql(
            f"SELECT s.id_number, CAST({first - 1} + row_number() OVER (ORDER BY s.id_number)"
            f" AS BIGINT) AS person_key "
            f"FROM (SELECT DISTINCT id_number FROM ({ids_sql}) AS i "
            f"      WHERE id_number IS NOT NULL) AS s "
            f"ANTI JOIN {self.sql()} AS k ON k.id_number = s.id_number"
        ).to_arrow_table()
        if new.num_rows:
            last = first + new.num_rows - 1
            target = self.directory / f"{first:012d}-{last:012d}.parquet"
            staged = self.store.tmp_dir / f"keys-{os.getpid()}.{uuid.uuid4().hex[:8]}.parquet"
            staged.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(new.sort_by("person_key"), staged, compression="zstd")
            _fsync(staged)
            os.replace(staged, target)
        if len(self.segments()) > MERGE_AT:
            self.merge(con)
        return new.num_rows

    def merge(self, con: duckdb.DuckDBPyConnection) -> None:
        """One segment instead of many; the old ones are covered by its range, then deleted."""
        segments = self.segments()
        if len(segments) < 2:
            return
        last = self.next_key() - 1
        target = self.directory / f"{1:012d}-{last:012d}.parquet"
        staged = self.store.tmp_dir / f"keys-merge-{os.getpid()}.parquet"
        staged.parent.mkdir(parents=True, exist_ok=True)
        con.execute(
            f"COPY (SELECT id_number, person_key FROM {self.sql()} ORDER BY person_key) "
            f"TO {literal(str(staged))} (FORMAT parquet, COMPRESSION zstd)"
        )
        _fsync(staged)
        os.replace(staged, target)
        for path in segments:
            if path != target:
                path.unlink()


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    tmp.write_text(text, "utf-8")
    _fsync(tmp)
    os.replace(tmp, path)


def _connect(store: Store) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    store.tmp_dir.mkdir(parents=True, exist_ok=True)
    con.execute(f"SET temp_directory = {literal(str(store.tmp_dir / 'duckdb-keys'))}")
    return con


def _keyed_copy(
    con: duckdb.DuckDBPyConnection, table: KeyTable, source: Path, target: Path, select: str
) -> None:
    """Write `source` with each row's key (`select` names the columns, `k.person_key`
    among them) to `target`, stamped with the key table's identity."""
    identity = table.identity() or ""
    con.execute(
        f"COPY (SELECT {select} FROM read_parquet({literal(str(source))}) AS s "
        f"LEFT JOIN {table.sql()} AS k ON k.id_number = s.id_number) "
        f"TO {literal(str(target))} (FORMAT parquet, COMPRESSION zstd, "
        f"KV_METADATA {{'{IDENTITY_KEY.decode()}': {literal(identity)}}})"
    )
    _fsync(target)


def key_file(store: Store, source: Path, target: Path) -> int:
    """`source` (a validated feed batch) with a `person_key` column added last, at
    `target`; keys new ID numbers first. Returns how many keys were new."""
    table = KeyTable(store)
    con = _connect(store)
    try:
        with table.locked():
            ids = f"SELECT id_number FROM read_parquet({literal(str(source))})"
            new = table.assign(con, ids)
            _keyed_copy(con, table, source, target, "s.*, k.person_key")
    finally:
        con.close()
    return new


def key_registry(store: Store, registry: Path) -> int:
    """Fill `person_key` in the registry snapshot's persons file(s) from the store's
    table, keying ID numbers it has not met; each file is replaced atomically.
    Returns how many keys were new (0 and nothing rewritten when already keyed here)."""
    table = KeyTable(store)
    files = registry_files(registry, "persons")
    if table.identity() is not None and _keyed_by(files) == table.identity():
        return 0
    con = _connect(store)
    try:
        with table.locked():
            paths = ", ".join(literal(str(p)) for p in files)
            new = table.assign(con, f"SELECT id_number FROM read_parquet([{paths}])")
            for path in files:
                staged = path.with_name(f".{path.name}.keyed")
                _keyed_copy(con, table, path, staged, "s.* REPLACE (k.person_key AS person_key)")
                os.replace(staged, path)
    finally:
        con.close()
    return new


def _keyed_by(files: list[Path]) -> str | None:
    """The key table every file was keyed by, or None if any file lacks keys."""
    identities = set()
    for path in files:
        meta = pq.read_metadata(path)
        index = meta.schema.to_arrow_schema().get_field_index("person_key")
        nulls = sum(_nulls(meta.row_group(i), index) for i in range(meta.num_row_groups))
        raw = (meta.metadata or {}).get(IDENTITY_KEY)
        if nulls or raw is None:
            return None
        identities.add(raw.decode("utf-8"))
    return identities.pop() if len(identities) == 1 else None


def _nulls(row_group: pq.RowGroupMetaData, column: int) -> int:
    """Nulls in a column chunk by its statistics; every row when there are none."""
    stats = row_group.column(column).statistics
    if stats is None or not stats.has_null_count:
        return int(row_group.num_rows)
    return int(stats.null_count)


def check_registry(store: Store, files: list[Path]) -> None:
    """Refuse a persons snapshot that is not keyed, or keyed by another store's table:
    its keys would silently join the wrong people."""
    mine, theirs = KeyTable(store).identity(), _keyed_by(files)
    if mine is None or theirs != mine:
        raise NotKeyed(
            "登记库快照的人员键（person_key）不是本数据库分配的，请先运行 "
            "python -m minzheng.analytics keys --store 数据库目录 --registry 快照目录"
            "（the registry snapshot must be keyed by this store first）"
        )
