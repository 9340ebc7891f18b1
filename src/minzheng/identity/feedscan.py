"""The set-based part of matching feed records (identity.feeds), without Django so
that a benchmark can time it: the feed records whose person key is not a registry
person's, narrowed to those near one (the same first 14 or last 12 characters of the
ID number, or the same name), and the registry people near them."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from minzheng.analytics.feeds.catalog import FEEDS
from minzheng.analytics.feeds.validation import literal
from minzheng.analytics.store import Store
from minzheng.matching.features import RECORDS


def feed_sources(store: Store) -> str | None:
    """One SELECT over every feed's records: ID number, name (if sent), key, feed."""
    parts = []
    for name, spec in FEEDS.items():
        files = store.feed_files(name)
        if not files:
            continue
        named = any("name" in pq.read_schema(f).names for f in files)
        paths = ", ".join(literal(str(f)) for f in files)
        parts.append(
            f"SELECT id_number, {'name' if named else 'CAST(NULL AS VARCHAR)'} AS name, "
            f"person_key, {literal(spec.title_zh)} AS feed, {literal(name)} AS feed_code "
            f"FROM read_parquet([{paths}], union_by_name = true)"
        )
    return " UNION ALL ".join(parts) if parts else None


def near(
    con: duckdb.DuckDBPyConnection, sources: str, persons: str
) -> tuple[int, pa.Table, pa.Table]:
    """(unknown feed numbers, those near a registry person, the registry people near
    them) — three set-based queries, whatever the feeds' size."""
    con.execute(f"CREATE TEMP VIEW persons AS SELECT * FROM read_parquet([{persons}])")
    con.execute(
        "CREATE TEMP TABLE unknown AS "
        "SELECT person_key AS feed_key, id_number, max(name) AS name, "
        "list(DISTINCT feed ORDER BY feed) AS feeds, "
        "list(DISTINCT feed_code ORDER BY feed_code) AS feed_codes "
        f"FROM ({sources}) AS f "
        "WHERE NOT EXISTS (SELECT 1 FROM persons AS p WHERE p.person_key = f.person_key) "
        "GROUP BY person_key, id_number"
    )
    (count,) = con.execute("SELECT count(*) FROM unknown").fetchone() or (0,)
    con.execute(
        "CREATE TEMP TABLE near AS SELECT p.person_id, p.person_key, p.id_number, p.name, "
        "p.phone, p.area_code FROM persons AS p WHERE "
        "left(p.id_number, 14) IN (SELECT left(id_number, 14) FROM unknown) "
        "OR substr(p.id_number, 7) IN (SELECT substr(id_number, 7) FROM unknown) "
        "OR p.name IN (SELECT name FROM unknown WHERE name IS NOT NULL)"
    )
    incoming = con.sql(  # three hash semi-joins rather than one join on an OR
        "SELECT * FROM unknown AS u WHERE "
        "left(u.id_number, 14) IN (SELECT left(id_number, 14) FROM near) "
        "OR substr(u.id_number, 7) IN (SELECT substr(id_number, 7) FROM near) "
        "OR u.name IN (SELECT name FROM near)"
    ).to_arrow_table()
    registry = con.sql("SELECT * FROM near").to_arrow_table()
    return int(count), incoming, registry


def records(table: pa.Table, key: str) -> pa.Table:
    rows = [
        {
            "record_id": r[key],
            "id_number": r["id_number"],
            "name": r["name"],
            "phone": r.get("phone"),
        }
        for r in table.to_pylist()
    ]
    return pa.Table.from_pylist(rows, schema=RECORDS)
