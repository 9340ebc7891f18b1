"""Load benchmark: 50 staff at once on the pages they use most, p50/p95 per page.

    pip install -c constraints.txt -e ".[bench]"                            # locust
    .venv/bin/python bench/pg_city.py --residents 10000000 --database-url URL  # once
    .venv/bin/python bench/bench_load.py --database-url URL [--users 50 --seconds 60]

Serves the application with waitress on 127.0.0.1 (loopback only) against the
benchmark database, then runs locust headless (bench/locustfile.py) with the given
number of users for a bounded time, and prints locust's figures per page: search,
household search, person and household detail, dashboard, API list. Log-ins are
measured apart (bench/locustfile.py): the page figures start when the last user has
logged in. Client and server share the machine's cores, so the figures are an upper
bound; the load average before and after and the CPU seconds of the web server,
locust and PostgreSQL are printed with them (bench/machine.py).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
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

from machine import Machine  # bench/ is on sys.path when run as a script
from pg_city import DEFAULT_URL, django_setup

PASSWORD = "bench-load-password"
# The interpreter itself, not the venv's scripts: a script's first line names the
# interpreter by the path the venv was built at, which need not be where it is now.
MINZHENG = [sys.executable, "-m", "minzheng.cli"]
LOCUST = [sys.executable, "-m", "locust"]


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


def _serve(url: str, port: int, conn_max_age: int, threads: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MINZHENG_DATABASE_URL": url,
        "MINZHENG_DEMO": "1",
        "MINZHENG_DB_CONN_MAX_AGE": str(conn_max_age),
    }
    command = [*MINZHENG, "serve", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen([*command, "--threads", str(threads)], env=env)
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


def _report_logins(path: Path, ended: float) -> None:
    if not path.exists():
        print("\nlog-in: no figures (locust ended before every user had logged in)")
        return
    data = json.loads(path.read_text())
    times = sorted(data["logins"])
    if not times:
        return
    p95 = times[max(0, -(-95 * len(times) // 100) - 1)]
    window = ended - data["all_in_at"] if data["all_in_at"] else 0.0
    print(
        f"\nlog-in (form and post, {len(times)} users starting within seconds): "
        f"p50 {times[len(times) // 2]:.0f} ms, p95 {p95:.0f} ms, max {times[-1]:.0f} ms; "
        f"pages measured over the last {window:.0f} s, once every user had logged in"
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
    parser.add_argument("--threads", type=int, default=8, help="each web server's threads")
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="web server processes (one waitress each, on its own port; each user stays "
        "with one, as behind a proxy with sticky sessions): one Python process uses "
        "one core at most",
    )
    args = parser.parse_args(argv)
    if importlib.util.find_spec("locust") is None:
        parser.error('需要 locust：pip install -c constraints.txt -e ".[bench]"')
    django_setup(args.database_url)
    with tempfile.TemporaryDirectory(prefix="minzheng-load-") as tmp:
        plan = Path(tmp) / "plan.json"
        plan.write_text(json.dumps(_plan(args.users, args.seed), ensure_ascii=False))
        ports = [_free_port() for _ in range(args.processes)]
        servers = [_serve(args.database_url, p, args.conn_max_age, args.threads) for p in ports]
        waits = WaitSampler(args.database_url)
        waits.start()
        logins = Path(tmp) / "logins.json"
        machine = Machine(server_pids=[s.pid for s in servers]).__enter__()
        try:
            subprocess.run(
                [
                    *LOCUST, "-f", str(Path(__file__).with_name("locustfile.py")),
                    "--headless", "--host", f"http://127.0.0.1:{ports[0]}",
                    "-u", str(args.users), "-r", str(max(1, args.users // 5)),
                    "-t", f"{args.seconds}s", "--csv", str(Path(tmp) / "load"),
                    "--only-summary", "--loglevel", "WARNING",
                ],
                env={
                    **os.environ,
                    "BENCH_LOAD_PLAN": str(plan),
                    "BENCH_LOAD_USERS": str(args.users),
                    "BENCH_LOAD_LOGINS": str(logins),
                    "BENCH_LOAD_PORTS": ",".join(str(p) for p in ports),
                },
                check=False,
            )  # fmt: skip
        finally:
            machine.stop()
            ended = time.time()
            waits.stop.set()
            for server in servers:
                server.terminate()
                server.wait(30)
        _report(Path(tmp) / "load")
        _report_logins(logins, ended)
        waits.report()
        print(machine.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
