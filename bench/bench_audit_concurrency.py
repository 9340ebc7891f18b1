"""Benchmark of concurrent audit appends on PostgreSQL: the chain head under load.

    .venv/bin/python bench/bench_audit_concurrency.py --database-url URL \
        [--threads 20 --seconds 30 --hold-ms 20]

Each thread appends list-page entries (`audit_search`) one after the other for a
bounded time; every `--hold-every`-th append is made inside a transaction that goes on
working for `--hold-ms` after its append (as a workflow step or an import does). Prints
appends per second, the append's wall time p50/p95/max, what the database sessions
waited for (pg_stat_activity, sampled), and the verification of the chain at the end.
Without the page rendering, password hashing and HTTP of bench_load.py, this isolates
what issue 9 was about: with the head locked to each commit, appends queued behind
each other (Lock:transactionid / Lock:tuple); sealed after commit, they do not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time

from bench_load import WaitSampler  # bench/ is on sys.path when run as a script
from bench_search import _p95
from pg_city import DEFAULT_URL, django_setup


def run(threads: int, seconds: float, hold_ms: float, hold_every: int) -> int:
    from django.db import connection, transaction

    from minzheng.core.audit import audit_search
    from minzheng.core.audit_chain import chain_verify
    from minzheng.core.models import Area, AuditEntry, User

    county = Area.objects.filter(level="county").order_by("code").first()
    user, _ = User.objects.update_or_create(
        username="bench_audit", defaults={"role": "county_approver", "area": county}
    )
    before = AuditEntry.objects.count()
    stop = time.monotonic() + seconds
    times: list[float] = []
    lock = threading.Lock()

    def append(n: int) -> None:
        audit_search(
            actor=user, object_type="core.person", criteria={"关键词": f"王{n}"}, rows=20, total=n
        )

    def worker(k: int) -> None:
        mine, n = [], 0
        try:
            while time.monotonic() < stop:
                n += 1
                started = time.perf_counter()
                if hold_every and n % hold_every == 0:
                    with transaction.atomic():
                        append(n)
                        mine.append(time.perf_counter() - started)
                        time.sleep(hold_ms / 1000)  # the rest of the transaction's work
                    continue
                append(n)
                mine.append(time.perf_counter() - started)
        finally:
            connection.close()
            with lock:
                times.extend(mine)

    waits = WaitSampler(os.environ["MINZHENG_DATABASE_URL"])
    waits.start()
    pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    started = time.monotonic()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.monotonic() - started
    waits.stop.set()
    ms = [t * 1000 for t in times]
    print(
        f"{threads} threads, {elapsed:.0f} s: {len(ms)} appends ({len(ms) / elapsed:.0f}/s); "
        f"append p50 {statistics.median(ms):.1f} ms, p95 {_p95(ms):.1f} ms, max {max(ms):.0f} ms"
    )
    waits.report()
    time.sleep(1)  # pending entries of the last commits are sealed by their hooks
    written = AuditEntry.objects.count() - before
    pending = AuditEntry.objects.filter(**{"seq__isnull": True}).count()
    report = chain_verify()
    print(
        f"written {written}, pending after 1 s {pending}; chain of {report.entries} entries: "
        f"{'verifies' if report.ok else report.problems[:3]}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_URL))
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--hold-ms", type=float, default=20)
    parser.add_argument("--hold-every", type=int, default=10)
    args = parser.parse_args(argv)
    django_setup(args.database_url)
    return run(args.threads, args.seconds, args.hold_ms, args.hold_every)


if __name__ == "__main__":
    sys.exit(main())
