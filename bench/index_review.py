"""Index review: which index each search kind and scope uses, with and without a candidate.

    .venv/bin/python bench/index_review.py --database-url URL [--without person_area_prefix]

Sends the searches of bench_search.py (one term per kind) and the plain list pages
through the JSON API as the four users of bench_search.py (city, county, township,
community), captures every statement on people, households and memberships, and
prints, per user and kind, the indexes of its plan (EXPLAIN (ANALYZE, FORMAT JSON),
run right after, warm) and its execution time. With `--without NAME` (repeatable)
the same is done inside a transaction that first drops those indexes and is rolled
back at the end: the plans and times the database would have without them. Nothing
is changed for good. Docs/search.md keeps the table of each index and its query.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections import Counter
from typing import Any

from bench_search import KINDS, _terms, _users
from machine import Machine  # bench/ is on sys.path when run as a script
from pg_city import DEFAULT_URL, django_setup

TABLES = ('"core_person"', '"core_household"', '"core_householdmembership"')


def _indexes(plan: dict[str, Any]) -> list[str]:
    found = [plan["Index Name"]] if "Index Name" in plan else []
    if plan.get("Node Type") == "Seq Scan":
        found.append(f"Seq Scan {plan['Relation Name']}")
    for child in plan.get("Plans", []):
        found += _indexes(child)
    return found


def _explain(sql: str) -> tuple[list[str], float]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        raw = cursor.fetchone()[0]
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
    return _indexes(plan["Plan"]), float(plan["Execution Time"])


def review(seed: int) -> Counter[str]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rng = random.Random(seed)
    users = _users()
    terms = _terms(rng, 4, users["bench_caseworker"].area_id)
    used: Counter[str] = Counter()
    print(f"{'user':<18}{'kind':<28}{'exec ms':>9}  indexes (per statement)")
    for username, user in users.items():
        client = Client()
        client.force_login(user)
        for kind in ("list", "household list", *KINDS):
            path = "households" if kind.startswith("household") else "persons"
            params = {"page": "2"} if kind.endswith("list") else {"q": terms[kind][0]}
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"/api/v1/core/{path}", params)
            assert response.status_code in (200, 422), (kind, response.status_code)
            plans, total = [], 0.0
            for q in queries.captured_queries:
                if any(t in q["sql"] for t in TABLES) and q["sql"].startswith("SELECT"):
                    names, ms = _explain(q["sql"])
                    plans.append("+".join(names) or "-")
                    used.update(names)
                    total += ms
            print(f"{username:<18}{kind:<28}{total:>9.1f}  {' | '.join(plans)}", flush=True)
    return used


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_URL))
    parser.add_argument("--without", action="append", default=[], help="an index to drop")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    django_setup(args.database_url)
    from django.db import connection, transaction

    with Machine() as machine, transaction.atomic():
        with connection.cursor() as cursor:
            for name in args.without:
                cursor.execute(f'DROP INDEX "{name}"')  # rolled back below
        used = review(args.seed)
        transaction.set_rollback(True)
    print("\nindexes used (statements):", ", ".join(f"{k} {v}" for k, v in used.most_common()))
    print(machine.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
