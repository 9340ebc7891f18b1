"""Load the synthetic city into PostgreSQL with COPY, for the city-scale benchmarks.

    .venv/bin/python bench/pg_city.py --residents 10000000 \
        --database-url postgresql://postgres@127.0.0.1:5432/minzheng_bench

The Django loader (`minzheng seed_demo`) creates model objects and inserts them
in batches: about 5,000 residents a second, 35 minutes for 10 M. A benchmark
database needs the same rows, so this loader streams the generator's chunks
through DuckDB into `COPY … FROM STDIN` instead, the way a DBA loads a table:
secondary indexes and foreign-key checks off during the load, rebuilt and
checked once at the end, then VACUUM ANALYZE. The database is created (and
migrated) when missing and refused when it already holds people.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlparse, urlunparse

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/minzheng_bench"
TABLES = ("core_person", "core_household", "core_householdmembership")

# Columns of each table, in COPY order, and the DuckDB select that produces them
# from the generator's Arrow tables (`persons`, `households`, `memberships`).
PERSON_SQL = """
SELECT p.person_id AS id, p.id_number, reverse(p.id_number) AS id_number_reversed, p.name,
       p.gender, p.birth_date, p.area_code AS area_id, p.area_code AS hukou_area_id,
       h.address AS hukou_address, h.address AS residence_address, p.phone,
       p.disability_type, p.disability_grade,
       CASE WHEN p.disability_type = '' THEN ''
            ELSE p.id_number || CAST(CASE p.disability_type
                 WHEN 'visual' THEN 1 WHEN 'hearing' THEN 2 WHEN 'speech' THEN 3
                 WHEN 'physical' THEN 4 WHEN 'intellectual' THEN 5 WHEN 'mental' THEN 6
                 ELSE 7 END AS VARCHAR) || CAST(p.disability_grade AS VARCHAR)
       END AS disability_certificate,
       p.life_status, p.death_date, TRUE AS is_synthetic,
       TIMESTAMPTZ '$now' AS created_at, TIMESTAMPTZ '$now' AS updated_at
FROM persons p JOIN households h USING (household_id)
ORDER BY p.person_id
"""
HOUSEHOLD_SQL = """
SELECT household_id AS id, number, area_code AS area_id, address,
       head_person_id AS head_id, TRUE AS is_synthetic,
       TIMESTAMPTZ '$now' AS created_at, TIMESTAMPTZ '$now' AS updated_at
FROM households ORDER BY household_id
"""
MEMBERSHIP_SQL = """
SELECT person_id, household_id, relation, valid_from, valid_to, reason
FROM memberships
"""


def _admin_url(url: str) -> str:
    return urlunparse(urlparse(url)._replace(path="/postgres"))


def ensure_database(url: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def django_setup(url: str) -> None:
    os.environ["MINZHENG_DATABASE_URL"] = url
    os.environ.setdefault("MINZHENG_DEMO", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "minzheng.settings"
    import django

    django.setup()
    _migrate_if_behind()


def _migrate_if_behind() -> None:
    """A benchmark database loaded by an older checkout lacks the newer tables: apply
    the missing migrations (said, and timed) rather than fail in the middle of a run."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        started = time.perf_counter()
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan)
        print(f"applying {len(plan)} missing migrations: {names}", flush=True)
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - started:.1f} s", flush=True)


def _secondary_indexes(cursor: Any) -> list[tuple[str, str]]:
    """(name, definition) of every index of the three tables that backs no constraint."""
    cursor.execute(
        """
        SELECT i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relname = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
        """,
        [list(TABLES)],
    )
    return list(cursor.fetchall())


@contextmanager
def indexes_dropped(cursor: Any) -> Iterator[list[tuple[str, str]]]:
    indexes = _secondary_indexes(cursor)
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield indexes
    for _, definition in indexes:
        cursor.execute(definition)


def _csv(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pacsv.write_csv(table, buffer, pacsv.WriteOptions(include_header=False))
    return buffer.getvalue()


def _copy(cursor: Any, table: str, data: pa.Table) -> None:
    columns = ", ".join(data.column_names)
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as copy:
        copy.write(_csv(data))


def copy_chunk(cursor: Any, chunk: Any, now: str) -> tuple[int, int, int]:
    con = duckdb.connect()
    con.register("persons", chunk.persons)
    con.register("households", chunk.households)
    con.register("memberships", chunk.memberships)
    _copy(cursor, "core_person", con.sql(PERSON_SQL.replace("$now", now)).to_arrow_table())
    _copy(cursor, "core_household", con.sql(HOUSEHOLD_SQL.replace("$now", now)).to_arrow_table())
    _copy(cursor, "core_householdmembership", con.sql(MEMBERSHIP_SQL).to_arrow_table())
    con.close()
    return chunk.persons.num_rows, chunk.households.num_rows, chunk.memberships.num_rows


def load(url: str, residents: int, seed: int, chunk_size: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from minzheng.core.places import areas_upsert, load_xuzhou_reference
    from minzheng.demo.city import _refuse_unless_empty, community_rows
    from minzheng.synth.population import City

    call_command("migrate", verbosity=0)
    city = City(seed)
    now = timezone.now().isoformat()
    counts = [0, 0, 0]
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        _refuse_unless_empty()
        load_xuzhou_reference()
        areas_upsert(community_rows(city.communities))
        raw = cursor.cursor  # the psycopg cursor, for COPY
        raw.execute("SET session_replication_role = replica")  # FK checks once, below
        with indexes_dropped(raw):
            for chunk in city.chunks(residents, chunk_size):
                for i, n in enumerate(copy_chunk(raw, chunk, now)):
                    counts[i] += n
                print(f"  {counts[0]:,} 人", end="\r", file=sys.stderr, flush=True)
            timings["copy_s"] = time.perf_counter() - started
        timings["indexes_s"] = time.perf_counter() - started - timings["copy_s"]
        raw.execute("SET session_replication_role = DEFAULT")
        _check_references(raw)
        for table, column in (("core_person", "id"), ("core_household", "id")):
            raw.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                f"(SELECT max({column}) FROM {table}))"
            )
        raw.execute(
            "SELECT setval(pg_get_serial_sequence('core_householdmembership', 'id'), "
            "(SELECT max(id) FROM core_householdmembership))"
        )
    analyze_started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
    timings["analyze_s"] = time.perf_counter() - analyze_started
    total = time.perf_counter() - started
    return {
        "persons": counts[0],
        "households": counts[1],
        "memberships": counts[2],
        "seconds": total,
        "residents_per_second": counts[0] / total if total else 0.0,
        **timings,
    }


def _check_references(cursor: Any) -> None:
    """The foreign keys skipped during COPY, checked once in sets (a bench DB is trusted
    input, but a generator bug must not yield a silently broken database)."""
    checks = {
        "persons without area": "SELECT count(*) FROM core_person p "
        "LEFT JOIN core_area a ON a.code = p.area_id WHERE a.code IS NULL",
        "households without head": "SELECT count(*) FROM core_household h "
        "LEFT JOIN core_person p ON p.id = h.head_id WHERE p.id IS NULL",
        "memberships without person": "SELECT count(*) FROM core_householdmembership m "
        "LEFT JOIN core_person p ON p.id = m.person_id WHERE p.id IS NULL",
    }
    for what, sql in checks.items():
        cursor.execute(sql)
        (n,) = cursor.fetchone()
        if n:
            raise RuntimeError(f"{what}: {n}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--chunk-size", type=int, default=250_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_URL))
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        parser.error("COPY 加载只适用于 PostgreSQL")
    ensure_database(args.database_url)
    django_setup(args.database_url)
    summary = load(args.database_url, args.residents, args.seed, args.chunk_size)
    print(
        f"loaded {summary['persons']:,} persons, {summary['households']:,} households, "
        f"{summary['memberships']:,} memberships in {summary['seconds']:.0f} s "
        f"({summary['residents_per_second']:,.0f} residents/s; copy {summary['copy_s']:.0f} s, "
        f"indexes {summary['indexes_s']:.0f} s, analyze {summary['analyze_s']:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
