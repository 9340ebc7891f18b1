"""Benchmark of the keyed audit chain: cost of one list-page append, of a bulk append,
and of verification per entry, on a throw-away SQLite database.

    .venv/bin/python bench/bench_audit.py                 # 20,000 entries
    .venv/bin/python bench/bench_audit.py --entries 200000

The audit page verifies inline up to `audit_runs.INLINE_LIMIT` entries; the figure
per entry printed here is what that limit is chosen from (docs/audit.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--appends", type=int, default=300)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="minzheng-bench-audit-")
    os.environ.update(MINZHENG_DEMO="1", MINZHENG_VAR_DIR=work, MINZHENG_DATABASE_URL="")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from minzheng.core.audit import Entry, audit_record_many, audit_search
    from minzheng.core.audit_chain import chain_checkpoint, chain_verify
    from minzheng.core.audit_runs import INLINE_LIMIT
    from minzheng.core.models import User

    user = User.objects.create(username="bench", role="county_approver")
    started = time.perf_counter()
    for page in range(1, args.appends + 1):
        criteria = {"关键词": "320302196103090171"}
        audit_search(
            actor=user,
            object_type="core.person",
            criteria=criteria,
            rows=50,
            total=3429,
            page=page,
        )
    each = (time.perf_counter() - started) / args.appends
    print(f"list-page append (one lock, one insert): {each * 1000:.2f} ms")
    started = time.perf_counter()
    audit_record_many(
        actor=user,
        entries=[Entry("read", user, f"批量{i}", {"n": i}) for i in range(args.entries)],
    )
    bulk = time.perf_counter() - started
    print(
        f"bulk append of {args.entries}: {bulk:.2f} s ({bulk / args.entries * 1e6:.0f} µs/entry)"
    )
    started = time.perf_counter()
    report = chain_verify()
    verify = time.perf_counter() - started
    per = verify / report.entries
    print(
        f"verify {report.entries} entries: {verify:.2f} s ({per * 1e6:.0f} µs/entry), "
        f"ok={report.ok}"
    )
    started = time.perf_counter()
    chain_checkpoint()
    print(f"first checkpoint (walks the whole chain): {time.perf_counter() - started:.2f} s")
    limit = INLINE_LIMIT
    print(f"page's inline limit {limit:,} entries ≈ {limit * per:.1f} s on this machine")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
