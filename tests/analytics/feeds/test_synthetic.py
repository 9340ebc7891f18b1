"""Synthetic feeds agree with the registry they are drawn from and are reproducible."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from minzheng.analytics.feeds.catalog import FEEDS
from minzheng.analytics.feeds.synthetic import FEED_SQL, feed_sql
from minzheng.analytics.store import Store


def test_every_feed_is_written_in_its_declared_schema(tiny_feeds: Path) -> None:
    # The funds-supervision feeds (issue 11) are not part of the synthetic city's feeds:
    # the supervision rules' cases and benchmark give their own rows.
    assert set(FEEDS) - set(FEED_SQL) == {
        "public_employees",
        "staff_relatives",
        "assistance_reviews",
    }
    store = Store(tiny_feeds)
    for name in FEED_SQL:
        spec = FEEDS[name]
        files = store.feed_files(name)
        assert files, name
        declared = [(f.name, f.type) for f in spec.schema] + [("person_key", pa.int64())]
        for path in files:
            written = pq.read_schema(path)
            assert [(f.name, f.type) for f in written] == declared


def test_monthly_feeds_come_in_one_batch_per_month_as_departments_push_them(
    tiny_feeds: Path,
) -> None:
    store = Store(tiny_feeds)
    batches = sorted(p.parent.name for p in store.feed_files("medical_settlements"))
    assert batches[0] == "batch=synthetic-s7-2023-10"
    assert batches[-1] == "batch=synthetic-s7-2024-09"
    assert len(batches) == 12
    wages = {p.parent.name for p in store.feed_files("social_insurance_wages")}
    assert wages == {f"batch=synthetic-s7-2024-{m:02d}" for m in (6, 7, 8, 9)}
    assert [p.parent.name for p in store.feed_files("vehicles")] == ["batch=synthetic-s7"]


def test_feed_rows_belong_to_registry_residents(tiny_city: Path, tiny_feeds: Path) -> None:
    persons = tiny_city / "persons.parquet"
    wages = Store(tiny_feeds).feed_files("social_insurance_wages")[0]
    strangers = duckdb.sql(
        f"SELECT count(*) FROM '{wages}' w ANTI JOIN '{persons}' p USING (id_number)"
    ).fetchall()
    assert strangers == [(0,)]


def test_the_same_seed_gives_the_same_rows(tiny_city: Path) -> None:
    persons = f"read_parquet('{tiny_city / 'persons.parquet'}')"
    households = f"read_parquet('{tiny_city / 'households.parquet'}')"
    query = feed_sql("medical_settlements", persons, households, "2024-09", seed=3)
    first = duckdb.sql(f"SELECT * FROM ({query}) ORDER BY settlement_id").fetchall()
    second = duckdb.sql(f"SELECT * FROM ({query}) ORDER BY settlement_id").fetchall()
    other = feed_sql("medical_settlements", persons, households, "2024-09", seed=4)
    assert first == second
    assert first != duckdb.sql(f"SELECT * FROM ({other}) ORDER BY settlement_id").fetchall()
