"""What one page costs, one request at a time: the service time behind bench_load.py.

    .venv/bin/python bench/bench_pages.py --database-url URL [--rounds 40] [--profile PAGE]

The pages of bench/locustfile.py (search, household search, person and household
detail, dashboard, API list), requested through Django's test client in this process
by the same kind of users (community caseworkers and county approvers, with the same
work plan as bench_load.py), one after another. Per page: wall-clock p50/p95, this
process's CPU time (view, ORM, templates, audit) p50/p95, SQL time and the number of
statements. With 50 users each asking for a page about once a second, the web server
must serve ~50 pages a second: CPU per page × 50 is the share of a core it needs,
which is what the load test's queueing comes from. The dashboard's figures are
refreshed first, as the nightly task does, and the time that took is printed.
`--profile PAGE` prints where that page's CPU time goes (cProfile: cumulative, then
own time).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from typing import Any

from bench_load import _plan
from bench_search import _p95
from machine import Machine  # bench/ is on sys.path when run as a script
from pg_city import DEFAULT_URL, django_setup

PAGES = (
    "search",
    "search households",
    "person detail",
    "household detail",
    "dashboard",
    "list (API)",
)


def _request(
    page: str, account: dict[str, Any], terms: list[str], rng: random.Random
) -> tuple[str, dict[str, Any]]:
    if page == "search":
        return "/persons/", {"q": rng.choice(terms)}
    if page == "search households":
        return "/households/", {"q": rng.choice(terms)}
    if page == "person detail":
        return f"/persons/{rng.choice(account['persons'])}/", {}
    if page == "household detail":
        return f"/households/{rng.choice(account['households'])}/", {}
    if page == "dashboard":
        return "/dashboard/", {}
    return "/api/v1/core/persons", {"page": 2}


def run(rounds: int, seed: int, profile: str | None) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from minzheng.core.figures import area_figures_refresh
    from minzheng.core.models import User

    started = time.perf_counter()
    communities = area_figures_refresh(on=timezone.localdate())  # the nightly task
    print(
        f"dashboard figures of {communities:,} communities refreshed in "
        f"{time.perf_counter() - started:.1f} s (nightly task)\n"
    )
    rng = random.Random(seed)
    plan = _plan(6, seed)
    accounts = plan["accounts"]
    clients = []
    for account in accounts:
        client = Client()
        client.force_login(User.objects.get(username=account["username"]))
        clients.append((client, account))
    print(
        f"{'page':<20}{'p50 ms':>8}{'p95 ms':>8}{'CPU p50':>9}{'CPU p95':>9}"
        f"{'SQL p50':>9}{'SQL p95':>9}{'queries':>9}"
    )
    for page in PAGES:
        wall, cpu, sql, counts = [], [], [], set()
        users = [(c, a) for c, a in clients if page != "dashboard" or a["dashboard"]]
        for i in range(rounds + 2):
            client, account = users[i % len(users)]
            path, params = _request(page, account, plan["terms"], rng)
            with CaptureQueriesContext(connection) as queries:
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(path, params)
                elapsed = time.perf_counter() - started
                cpu_used = time.process_time() - cpu_started
            assert response.status_code == 200, (page, path, response.status_code)
            if i < 2:
                continue  # warm-up
            wall.append(elapsed * 1000)
            cpu.append(cpu_used * 1000)
            sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
            counts.add(len(queries.captured_queries))
        print(
            f"{page:<20}{statistics.median(wall):>8.0f}{_p95(wall):>8.0f}"
            f"{statistics.median(cpu):>9.1f}{_p95(cpu):>9.1f}{statistics.median(sql):>9.1f}"
            f"{_p95(sql):>9.1f}{'/'.join(str(c) for c in sorted(counts)):>9}",
            flush=True,
        )
        if page == profile:
            client, account = users[0]
            profiler = cProfile.Profile(time.process_time)  # CPU, not waits
            profiler.enable()
            for _ in range(rounds):
                client.get(*_request(page, account, plan["terms"], rng))
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_URL))
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--profile", choices=PAGES)
    args = parser.parse_args(argv)
    django_setup(args.database_url)
    with Machine() as machine:
        code = run(args.rounds, args.seed, args.profile)
    print(machine.report())
    return code


if __name__ == "__main__":
    sys.exit(main())
