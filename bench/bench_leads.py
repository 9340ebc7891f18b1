"""Benchmark of lead ingestion: a month of a city's findings into warning leads.

    .venv/bin/python bench/pg_city.py --residents 10000000 --database-url URL   # once
    .venv/bin/python bench/bench_leads.py --database-url URL [--findings 143000]

A 9 M city's monthly rule run yields about 143,000 findings (docs/analytics.md).
They are drawn here from the residents in the database (about 2 % of them naming
people the registry does not hold, as the feeds do), ingested once (all new), then
again (all already open), and the leads are deleted afterwards so the database can
be reused. Prints findings per second and the number of SQL statements, which must
not grow with the number of findings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from typing import Any

from machine import Machine  # bench/ is on sys.path when run as a script
from pg_city import DEFAULT_URL, django_setup

RULES = ("W001", "W002", "W003", "W004", "W005", "W006", "W007", "W008", "W009")


def _findings(n: int, seed: int) -> list[dict[str, Any]]:
    from minzheng.core import idnumber
    from minzheng.core.models import Person

    rng = random.Random(seed)
    top = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ids = rng.sample(range(1, top + 1), min(n, top))
    numbers = list(Person.objects.filter(id__in=ids).values_list("id_number", flat=True))
    strangers = [
        idnumber.make("110101", dt.date(1960, 1, 1) + dt.timedelta(days=i), i % 999)
        for i in range(n // 50)
    ]
    pool = numbers + strangers
    rng.shuffle(pool)
    return [
        {
            "id_number": pool[i % len(pool)],
            "rule_id": RULES[i % len(RULES)],
            "rule_title": "基准测试线索",
            "severity": "medium",
            "period": "2026-11",
            "run_id": "bench-2026-11",
            "evidence": "基准测试：住院自付 1234.56 元",
        }
        for i in range(n)
    ]


def _ingest(findings: list[dict[str, Any]]) -> tuple[Any, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from minzheng.warning.services import leads_ingest

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = leads_ingest(findings=findings, today=dt.date(2026, 12, 1))
        seconds = time.perf_counter() - started
    return result, seconds, len(queries.captured_queries)


def run(n: int, seed: int) -> int:
    from minzheng.warning.models import Lead

    _ensure_settings()
    if Lead.objects.filter(run_id="bench-2026-11").exists():
        Lead.objects.filter(run_id="bench-2026-11").delete()
    findings = _findings(n, seed)
    print(f"{len(findings):,} findings")
    try:
        for label in ("first ingest (all new)", "second ingest (all known)"):
            result, seconds, statements = _ingest(findings)
            print(
                f"{label:<28}{seconds:>8.1f} s{len(findings) / seconds:>12,.0f} findings/s"
                f"{statements:>8} statements  (created {result.created:,}, "
                f"already {result.already_open:,}, unknown {result.unknown_person:,})",
                flush=True,
            )
    finally:
        Lead.objects.filter(run_id="bench-2026-11").delete()
    return 0


def _ensure_settings() -> None:
    """The verification deadline setting and the calendar year the deadlines fall in."""
    from minzheng.core.models import ConfigValue
    from minzheng.core.workdays import UnknownCalendarYear, add_working_days

    ConfigValue.objects.get_or_create(
        key="warning.lead.verify_working_days",
        area=None,
        effective_from=dt.date(2020, 1, 1),
        defaults={"value": "10", "basis": "基准测试", "is_example": True},
    )
    try:
        add_working_days(dt.date(2026, 12, 1), 30)
    except UnknownCalendarYear:
        from minzheng.demo.workdays import seed_demo

        print(seed_demo())  # next year's fixed-date holidays, labelled provisional


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_URL))
    parser.add_argument("--findings", type=int, default=143_000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    django_setup(args.database_url)
    with Machine() as machine:
        code = run(args.findings, args.seed)
    print(machine.report())
    return code


if __name__ == "__main__":
    sys.exit(main())
