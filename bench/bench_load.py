"""Load benchmark: 50 staff at once on the pages they use most, p50/p95 per page.

    pip install -c constraints.txt -e ".[bench]"                            # locust
    .venv/bin/python bench/pg_city.py --residents 10000000 --database-url URL  # once
    .venv/bin/python bench/bench_load.py --database-url URL [--users 50 --seconds 60]

Serves the application with waitress on 127.0.0.1 (loopback only) against the
benchmark database, then runs locust headless (bench/locustfile.py) with the given
number of users for a bounded time, and prints locust's figures per page: search,
household search, person and household detail, dashboard, API list, log-in. Client
and server share the machine's cores, so the figures are an upper bound.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from pg_city import DEFAULT_URL, django_setup  # bench/ is on sys.path when run as a script

PASSWORD = "bench-load-password"
BIN = Path(sys.executable).parent


def _plan(accounts: int, seed: int) -> dict[str, object]:
    """Caseworkers in busy communities and approvers of their counties, each with real
    search terms and record ids in their own area."""
    from minzheng.core.models import Household, Person, User

    rng = random.Random(seed)
    busiest = list(
        Person.objects.values_list("area_id", flat=True).order_by("area_id").distinct()[:400]
    )
    plan_accounts = []
    for i in range(accounts):
        community = rng.choice(busiest)
        role, area = ("caseworker", community) if i % 3 else ("county_approver", community[:6])
        user, _ = User.objects.update_or_create(
            username=f"bench_load_{i}", defaults={"role": role, "area_id": area}
        )
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        people = Person.objects.filter(area__code__startswith=area).values_list("id", flat=True)
        homes = Household.objects.filter(area__code__startswith=area).values_list("id", flat=True)
        plan_accounts.append(
            {
                "username": user.username,
                "persons": list(people[:200]),
                "households": list(homes[:100]),
                "dashboard": role != "caseworker",
            }
        )
    sample = Person.objects.filter(id__in=[rng.randint(1, 10**6) for _ in range(600)])
    terms = [t for row in sample.values_list("name", "id_number", "phone") for t in row if t]
    return {
        "password": PASSWORD,
        "accounts": plan_accounts,
        "terms": [t[-6:] if t.isdigit() else t for t in terms],
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(url: str, port: int, conn_max_age: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MINZHENG_DATABASE_URL": url,
        "MINZHENG_DEMO": "1",
        "MINZHENG_DB_CONN_MAX_AGE": str(conn_max_age),
    }
    server = subprocess.Popen(
        [str(BIN / "minzheng"), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env
    )
    for _ in range(60):
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return server
        except OSError:
            time.sleep(1)
    server.kill()
    raise RuntimeError("服务未能启动")


class WaitSampler(threading.Thread):
    """What the server's database sessions wait for, sampled twice a second during the
    run (pg_stat_activity): a lock queue (e.g. on the audit chain head) or I/O shows
    up here, CPU starvation as sessions that are active and wait for nothing."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.stop, self.counts = url, threading.Event(), Counter[str]()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stop.wait(0.5):
                rows = conn.execute(
                    "SELECT coalesce(wait_event_type || ':' || wait_event, 'on CPU') "
                    "FROM pg_stat_activity WHERE datname = current_database() "
                    "AND state = 'active' AND pid <> pg_backend_pid()"
                ).fetchall()
                self.counts.update(row[0] for row in rows)

    def report(self) -> None:
        total = sum(self.counts.values()) or 1
        top = ", ".join(f"{k} {v * 100 / total:.0f} %" for k, v in self.counts.most_common(6))
        print(f"\nactive database sessions by wait (samples): {top}")


def _report(prefix: Path) -> None:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    print(f"\n{'page':<22}{'requests':>9}{'failures':>9}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}")
    for row in rows:
        page = f"{row['Type']} {row['Name']}".strip()
        print(
            f"{page:<22}{row['Request Count']:>9}{row['Failure Count']:>9}"
            f"{row['50%']:>8}{row['95%']:>8}{float(row['Max Response Time']):>8.0f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_URL))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=0,
        help="MINZHENG_DB_CONN_MAX_AGE of the server (0: a connection per request)",
    )
    args = parser.parse_args(argv)
    if not (BIN / "locust").exists():
        parser.error('需要 locust：pip install -c constraints.txt -e ".[bench]"')
    django_setup(args.database_url)
    with tempfile.TemporaryDirectory(prefix="minzheng-load-") as tmp:
        plan = Path(tmp) / "plan.json"
        plan.write_text(json.dumps(_plan(args.users, args.seed), ensure_ascii=False))
        port = _free_port()
        server = _serve(args.database_url, port, args.conn_max_age)
        waits = WaitSampler(args.database_url)
        waits.start()
        try:
            subprocess.run(
                [
                    str(BIN / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")),
                    "--headless", "--host", f"http://127.0.0.1:{port}",
                    "-u", str(args.users), "-r", str(max(1, args.users // 5)),
                    "-t", f"{args.seconds}s", "--csv", str(Path(tmp) / "load"),
                    "--only-summary", "--loglevel", "WARNING",
                ],
                env={**os.environ, "BENCH_LOAD_PLAN": str(plan)},
                check=False,
            )  # fmt: skip
        finally:
            waits.stop.set()
            server.terminate()
            server.wait(30)
        _report(Path(tmp) / "load")
        waits.report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
