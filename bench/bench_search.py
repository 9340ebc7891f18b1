"""Benchmark of search at city scale: p50/p95/max per kind of search, with the plans.

    .venv/bin/python bench/pg_city.py --residents 1000000 --database-url URL   # once
    .venv/bin/python bench/bench_search.py --database-url URL [--rounds 50]

Searches go through the JSON API as a user would send them (`/api/v1/core/persons`
and `/api/v1/core/households`, Django's test client in process, so the figures
include the view, scope filter, serialisation and audit, not the network), one after
another, for four users: the city office, a county approver, a township reviewer
and a community caseworker. Search terms are drawn from the database itself (real names, ID tails,
phones and household numbers of residents), so every search finds someone. For each
kind the slowest statement of one search at each scope is shown with
EXPLAIN (ANALYZE, BUFFERS): its execution time, like the CPU column (this process's
CPU time per search: view, ORM, serialisation), depends less on what else the
machine runs than the wall-clock figures do.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from machine import Machine  # bench/ is on sys.path when run as a script
from pg_city import DEFAULT_URL, django_setup

KINDS = (
    "full ID number",
    "ID tail (last 6)",
    "ID tail (last 4)",
    "full name",
    "surname + given (2 chars)",
    "given name fragment",
    "phone (11 digits)",
    "household number",
    "household by member name",
)


def _terms(rng: random.Random, n: int, community: str) -> dict[str, list[str]]:
    """Real values from the database, half of them from the caseworker's community."""
    from minzheng.core.models import Household, Person

    def sample(qs: Any, field: str) -> list[str]:
        top = qs.order_by("-id").values_list("id", flat=True).first() or 1
        ids = [rng.randint(1, top) for _ in range(n * 3)]
        values = list(qs.filter(id__in=ids).values_list(field, flat=True)[:n])
        return [v for v in values if v]

    people = Person.objects.alive()
    local = people.filter(area_id=community)
    names = sample(people, "name")[: n // 2] + list(local.values_list("name", flat=True)[: n // 2])
    ids = sample(people, "id_number")
    return {
        "full ID number": ids,
        "ID tail (last 6)": [i[-6:] for i in ids],
        "ID tail (last 4)": [i[-4:] for i in ids],
        "full name": names,
        "surname + given (2 chars)": [x[:2] for x in names],
        "given name fragment": [x[-1:] if len(x) == 2 else x[1:] for x in names],
        "phone (11 digits)": sample(people.exclude(phone=""), "phone"),
        "household number": sample(Household.objects.all(), "number"),
        "household by member name": names,
    }


def _users() -> dict[str, Any]:
    from minzheng.core.models import Area, User

    community = Area.objects.filter(level="community").order_by("code")[137]
    county = community.code[:6]
    made = {}
    for username, role, area in (
        ("bench_city", "city_admin", "320300"),
        ("bench_county", "county_approver", county),
        ("bench_township", "township_reviewer", community.code[:9]),
        ("bench_caseworker", "caseworker", community.code),
    ):
        made[username], _ = User.objects.update_or_create(
            username=username, defaults={"role": role, "area_id": area, "display_name": username}
        )
    return made


def _explain(run: Callable[[], Any]) -> str:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        run()
    searches = [q for q in queries.captured_queries if '"core_person"' in q["sql"]]
    searches += [q for q in queries.captured_queries if '"core_household"' in q["sql"]]
    slowest = max(searches, key=lambda q: float(q["time"]))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + slowest["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return f"  [{float(slowest['time']) * 1000:.0f} ms] {slowest['sql'][:300]}\n{plan}"


def _executed_ms(statements: list[dict[str, str]]) -> float:
    """The server's own execution time of a search's statements on people and
    households (EXPLAIN ANALYZE, run again after the search): what the plans cost,
    nearly free of the queueing for CPU that a loaded machine adds to wall time."""
    from django.db import connection

    total = 0.0
    with connection.cursor() as cursor:
        for q in statements:
            if '"core_person"' in q["sql"] or '"core_household"' in q["sql"]:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + q["sql"])
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                total += float(plan[0]["Execution Time"])
    return total


def _p95(times: list[float]) -> float:
    """Nearest rank: a time that was measured, not interpolated past the maximum."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def run(rounds: int, seed: int, explain: bool) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from minzheng.core.models import Person

    rng = random.Random(seed)
    users = _users()
    terms = _terms(rng, rounds, users["bench_caseworker"].area_id)
    print(f"{Person.objects.count():,} persons; {rounds} searches per kind and user\n")
    print(
        f"{'user':<18}{'kind':<28}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}"
        f"{'SQL p50':>9}{'SQL p95':>9}{'CPU p95':>9}{'exec p50':>9}{'exec p95':>9}{'hits':>6}"
    )
    all_times: list[float] = []
    all_executed: list[float] = []
    for username, user in users.items():
        client = Client()
        client.force_login(user)
        for kind in KINDS:
            path = "households" if kind.startswith("household") else "persons"
            times, sql, cpu, executed, hits = [], [], [], [], 0
            client.get(f"/api/v1/core/{path}", {"q": terms[kind][-1]})  # warm-up, not timed
            for term in terms[kind][:rounds]:
                with CaptureQueriesContext(connection) as queries:
                    started, cpu_started = time.perf_counter(), time.process_time()
                    response = client.get(f"/api/v1/core/{path}", {"q": term})
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - cpu_started) * 1000)
                sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
                executed.append(_executed_ms(queries.captured_queries))
                assert response.status_code == 200, (kind, term, response.status_code)
                hits += bool(response.json()["items"])
            all_times += times
            all_executed += executed
            p95 = _p95(times)
            print(
                f"{username:<18}{kind:<28}{statistics.median(times):>8.0f}{p95:>8.0f}"
                f"{max(times):>8.0f}{statistics.median(sql):>9.1f}{_p95(sql):>9.1f}"
                f"{_p95(cpu):>9.1f}{statistics.median(executed):>9.1f}{_p95(executed):>9.1f}"
                f"{hits:>6}",
                flush=True,
            )
            if explain:
                term = terms[kind][0]
                print(_explain(lambda: client.get(f"/api/v1/core/{path}", {"q": term})))  # noqa: B023
    p95 = _p95(all_times)
    print(f"\nall searches: p50 {statistics.median(all_times):.0f} ms, p95 {p95:.0f} ms")
    print(
        f"server execution: p50 {statistics.median(all_executed):.1f} ms, "
        f"p95 {_p95(all_executed):.1f} ms"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_URL))
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-explain", action="store_true")
    args = parser.parse_args(argv)
    django_setup(args.database_url)
    with Machine() as machine:
        code = run(args.rounds, args.seed, not args.no_explain)
    print(machine.report())
    return code


if __name__ == "__main__":
    sys.exit(main())
