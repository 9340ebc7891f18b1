"""Benchmark of one payroll cycle at city scale (issue 10 item 9): a county's dibao
payroll for N beneficiaries computed and stored (`payroll_compute`), handed to the bank
(`payroll_send`: lines in flight, one ledger entry each) and exported as a bank file
(`bank_file`), on SQLite and on PostgreSQL.

    .venv/bin/python bench/bench_payroll.py                        # 1,000,000, both engines
    .venv/bin/python bench/bench_payroll.py --engine postgresql --beneficiaries 1000000
    .venv/bin/python bench/bench_payroll.py --engine sqlite --beneficiaries 200000

Printed per engine: seconds per phase, lines per second, the process's peak resident
memory, and the ratio against a naive per-row ORM loop (one enrolment read, its
changes, its account, the months already paid, one line and one covered month saved,
per row) measured in the same run on a sample and extrapolated — labelled so. The
load average is printed with the figures: the machine is shared.

The data (synthetic, one household per beneficiary, 10 % with an amount adjusted by a
review, 1 % in gradual exit, 0.1 % without an account, 0.1 % with a card in another's
name, 1,000 open recovery orders) is generated in SQL inside the database, not timed.
Steady state, not a first month: a prior cycle (November) is computed and sent first
(timed apart) and answered paid (in SQL, not timed); then 0.1 % of households are
enrolled late (December pays November as arrears) and 0.1 % of payees are found dead
since October (the sweep in the computation stops them and opens a recovery order for
November). Beside the dibao households, N/20 特困 people, 30 % of them living in one of
ten institutions (paid to its account, D13.1), have their own December cycle (timed).
CPU seconds are printed beside wall seconds for this process and for the PostgreSQL
server process serving it (read from /proc): on a shared machine, wall time is mostly
waiting. PostgreSQL: the database (default mz_pay_bench) is dropped and created.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from typing import Any
from urllib.parse import urlparse

from payroll_city import (  # bench/ is on sys.path when run as a script
    COUNTY,
    DEATHS,
    ENROL,
    LATE,
    NOVEMBER_PAID,
    analyze,
    populate,
    run_sql,
    setup,
)

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/mz_pay_bench"


def _naive(clerk: Any, sample: int) -> float:
    """The loop a first version would write: per enrolment, its own queries and saves.
    Run on `sample` rows inside a transaction that is rolled back."""
    import datetime as dt
    from decimal import Decimal

    from django.db import transaction

    from minzheng.assistance.models import Enrolment
    from minzheng.core.models import Area
    from minzheng.payments.models import (
        CoveredMonth,
        PayeeAccount,
        PayrollCycle,
        PayrollLine,
        RecoveryOrder,
    )

    month = dt.date(2026, 11, 1)

    class Rollback(Exception):
        pass

    started = time.perf_counter()
    try:
        with transaction.atomic():
            cycle = PayrollCycle.objects.create(
                programme="dibao", area=Area.objects.get(code=COUNTY), month=month,
                created_by=clerk,
            )  # fmt: skip
            for n, pk in enumerate(
                Enrolment.objects.order_by("id").values_list("id", flat=True)[:sample]
            ):
                e = Enrolment.objects.select_related("household__head").get(pk=pk)
                amount = e.monthly_amount
                for change in e.changes.order_by("effective_on", "id"):
                    if change.effective_on <= month and change.amount_after is not None:
                        amount = change.amount_after
                head = e.household.head
                assert head is not None
                if CoveredMonth.objects.filter(
                    beneficiary=head, programme="dibao", month=month
                ).exists():
                    continue
                account = PayeeAccount.objects.filter(person=head).first()
                order = RecoveryOrder.objects.filter(beneficiary=head, status="open").first()
                deduction = min(order.instalment, amount / 2) if order else Decimal("0.00")
                line = PayrollLine.objects.create(
                    cycle=cycle, reference=f"N{n:015d}", beneficiary=head,
                    household=e.household, enrolment=e, programme="dibao", month=month,
                    payee_name=head.name, payee_id_number=head.id_number,
                    bank=account.bank if account else "",
                    account_number=account.account_number if account else "",
                    holder_name=account.holder_name if account else "",
                    base=amount, deductions=deduction, total=amount - deduction,
                )  # fmt: skip
                CoveredMonth.objects.create(
                    line=line, beneficiary=head, household=e.household,
                    household_claim=True, programme="dibao", month=month,
                )  # fmt: skip
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return elapsed


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _backend_pid() -> int | None:
    """The PostgreSQL server process serving this connection (same machine), or None
    on SQLite (the database works inside this process)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def _cpu(backend: int | None) -> tuple[float, float]:
    """CPU seconds used so far (user + system) by this process and by the server
    process serving it: on a shared machine the CPU time means what wall time cannot."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    server = 0.0
    if backend is not None:
        with open(f"/proc/{backend}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        server = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own.ru_utime + own.ru_stime, server


def _timed(backend: int | None, work: Any) -> tuple[Any, float, list[float]]:
    """`work()`'s result, wall seconds and CPU seconds [this process, database server]."""
    c0, t0 = _cpu(backend), time.perf_counter()
    out = work()
    t1, c1 = time.perf_counter(), _cpu(backend)
    return out, t1 - t0, [c1[0] - c0[0], c1[1] - c0[1]]


# The steps of `payroll_compute` timed apart (wall, CPU here, CPU of the server), by
# wrapping the names the service module calls: where a cycle's time goes.
PHASES = (
    "transition",
    "delete_lines",
    "stops_sweep",
    "insert_lines",
    "patch_lines",
    "insert_covered",
    "_store_totals",
)


def _phased(backend: int | None) -> dict[str, list[float]]:
    from minzheng.payments.services import payroll

    spent: dict[str, list[float]] = {}

    def wrap(name: str, work: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            out, wall, cpu = _timed(backend, lambda: work(*args, **kwargs))
            acc = spent.setdefault(name, [0.0, 0.0, 0.0])
            for k, x in enumerate([wall, *cpu]):
                acc[k] += x
            return out

        return timed

    for name in PHASES:
        setattr(payroll, name, wrap(name, getattr(payroll, name)))
    return spent


def _return_file(cycle: Any, failing: int) -> bytes:
    """The bank's answer to every line in flight of `cycle` in the pipe layout: paid,
    but one in `failing` (account closed)."""
    from decimal import Decimal

    from minzheng.payments.models import PayrollLine

    rows = PayrollLine.objects.filter(cycle=cycle, status="sent").order_by("id")
    body, total = [], Decimal("0.00")
    for k, (ref, name, amount, account) in enumerate(
        rows.values_list("reference", "payee_name", "total", "account_number").iterator(20_000)
    ):
        total += amount
        result = "1|账户已销户" if k % failing == 0 else "0|"
        body.append(f"{ref}|{name}|{amount:.2f}|{account}|{result}")
    head = f"20261212|基准民政局|{len(body)}|{total:.2f}"
    return ("\r\n".join([head, *body]) + "\r\n").encode("utf-8")


def child(engine: str, url: str, n: int, sample: int) -> dict[str, Any]:
    setup(engine, url)
    import datetime as dt

    from django.db.models import Count, Q

    from minzheng.core.models import Area
    from minzheng.core.workflow.engine import transition
    from minzheng.payments.bankfiles import bank_file
    from minzheng.payments.models import PaymentStop, PayrollLine, RecoveryOrder
    from minzheng.payments.returns import return_file_apply
    from minzheng.payments.services.payroll import (
        payroll_compute,
        payroll_cycle_open,
        payroll_send,
    )

    made_on = dt.date(2026, 12, 10)  # the day the bank file is made
    m = max(n // 20, 100)  # 特困 people: a twentieth of the dibao households
    made = populate(engine, n, m)
    clerk, second = made["clerk"], made["second"]
    result: dict[str, Any] = {"engine": engine, "n": n, "m": m, "populate_s": made["seconds"]}
    result["naive_s"], result["sample"] = _naive(clerk, sample), sample
    backend = _backend_pid()
    county = Area.objects.get(code=COUNTY)

    def cycle_of(programme: str, month: dt.date) -> Any:
        return payroll_cycle_open(actor=clerk, programme=programme, county=county, month=month)

    def approve(cycle: Any) -> None:
        transition(cycle, "submit", clerk)
        transition(cycle, "approve", second)

    # The prior cycle (November): computed, sent, answered paid (the answer in SQL).
    result["load_before"] = os.getloadavg()
    nov = cycle_of("dibao", dt.date(2026, 11, 1))
    _, result["nov_compute_s"], result["nov_compute_cpu"] = _timed(
        backend, lambda: payroll_compute(actor=clerk, cycle=nov)
    )
    approve(nov)
    _, result["nov_send_s"], _ = _timed(backend, lambda: payroll_send(actor=clerk, cycle=nov))
    run_sql(engine, NOVEMBER_PAID, 1, 1, user=clerk.pk, cycle=nov.pk)
    # After it: the late enrolments (arrears for November) and the deaths (stops).
    common = {"user": clerk.pk, "changes": n + m}
    run_sql(engine, ENROL, 1, n, programme="dibao", only=LATE, **common)
    run_sql(engine, [DEATHS], 1, 1, n=n)
    analyze(engine)

    # December: the cycle measured against the target.
    cycle = cycle_of("dibao", dt.date(2026, 12, 1))
    result["memory_before_mb"] = _peak_mb()
    if os.environ.get("BENCH_PROFILE"):  # where the time goes: cProfile's top functions
        import cProfile
        import pstats

        with cProfile.Profile() as profile:
            payroll_compute(actor=clerk, cycle=cycle)
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
        result["compute_s"], result["compute_cpu"] = 0.0, [0.0, 0.0]
    else:
        spent = _phased(backend)
        _, result["compute_s"], result["compute_cpu"] = _timed(
            backend, lambda: payroll_compute(actor=clerk, cycle=cycle)
        )
        result["phases"] = {name: list(times) for name, times in spent.items()}
        # Recomputed as is (not yet approved): the old lines go, the same INSERT again.
        _, result["recompute_s"], result["recompute_cpu"] = _timed(
            backend, lambda: payroll_compute(actor=clerk, cycle=cycle)
        )
    result["memory_compute_mb"] = _peak_mb()
    approve(cycle)
    _, result["send_s"], result["send_cpu"] = _timed(
        backend, lambda: payroll_send(actor=clerk, cycle=cycle)
    )
    data, result["bank_file_s"], result["bank_file_cpu"] = _timed(
        backend,
        lambda: bank_file(cycle, layout_code="pipe_batch", encoding="GBK", on=made_on),
    )
    answer = _return_file(cycle, failing=1000)
    result["memory_return_before_mb"] = _peak_mb()
    outcome, result["return_s"], result["return_cpu"] = _timed(
        backend,
        lambda: return_file_apply(
            actor=clerk, cycle=cycle, data=answer, layout_code="pipe_batch", encoding="UTF-8"
        ),
    )
    result["return_counts"], result["return_mb"] = outcome.counts, _peak_mb()
    lines = PayrollLine.objects.filter(cycle=cycle)
    result["arrears_lines"] = lines.filter(arrears__gt=0).count()
    result["deducted_lines"] = lines.filter(deductions__gt=0).count()
    result["stops"] = PaymentStop.objects.count()
    result["orders_from_stops"] = RecoveryOrder.objects.filter(stop__isnull=False).count()

    # 特困 for December: 30 % paid to their institution.
    special = cycle_of("extreme_poverty", dt.date(2026, 12, 1))
    _, result["ep_compute_s"], result["ep_compute_cpu"] = _timed(
        backend, lambda: payroll_compute(actor=clerk, cycle=special)
    )
    result["ep"] = PayrollLine.objects.filter(cycle=special).aggregate(
        lines=Count("id"), placed=Count("id", filter=Q(institution__isnull=False))
    )
    result.update(
        bank_file_bytes=len(data),
        lines=cycle.line_count,
        held=cycle.held_count,
        total=str(cycle.total),
        load_after=os.getloadavg(),
        peak_mb=_peak_mb(),
    )
    return result


def _fresh_pg(url: str) -> None:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    conn = ["-h", parsed.hostname or "127.0.0.1", "-U", parsed.username or "postgres"]
    if parsed.port:
        conn += ["-p", str(parsed.port)]
    subprocess.run(["dropdb", *conn, "--if-exists", name], check=True)
    subprocess.run(["createdb", *conn, name], check=True)


def _cpu_text(cpu: list[float]) -> str:
    own, db = cpu
    return f"CPU {own:.1f} s here + {db:.1f} s database server"


def report(r: dict[str, Any]) -> str:
    timed = r["compute_s"] + r["send_s"] + r["bank_file_s"]
    naive_each = r["naive_s"] / r["sample"]
    naive_total = naive_each * r["n"]
    load = "/".join(f"{x:.1f}" for x in r["load_before"])
    load_after = "/".join(f"{x:.1f}" for x in r["load_after"])
    ep = r["ep"]
    return "\n".join(
        [
            f"== {r['engine']}: {r['n']:,} dibao households, {r['lines']:,} lines "
            f"({r['held']:,} held), total {r['total']} yuan",
            f"  data generated in SQL (not timed): {r['populate_s']:.1f} s",
            f"  prior cycle (November) compute:     {r['nov_compute_s']:8.1f} s  "
            f"({_cpu_text(r['nov_compute_cpu'])}); send {r['nov_send_s']:.1f} s",
            f"  December: {r['arrears_lines']:,} lines with arrears, {r['deducted_lines']:,} "
            f"with a deduction; {r['stops']:,} stops found, {r['orders_from_stops']:,} "
            "recovery orders opened by them",
            f"  compute + store (payroll_compute):  {r['compute_s']:8.1f} s  "
            f"{r['lines'] / max(r['compute_s'], 1e-9):>10,.0f} lines/s  "
            f"({_cpu_text(r['compute_cpu'])})",
            *(
                f"    {name:<30} {w:8.1f} s  ({_cpu_text([here, db])})"
                for name, (w, here, db) in r.get("phases", {}).items()
            ),
            f"  recompute (not yet approved):       {r.get('recompute_s', 0):8.1f} s  "
            f"({_cpu_text(r.get('recompute_cpu', [0.0, 0.0]))})",
            f"  send (in flight + ledger):          {r['send_s']:8.1f} s  "
            f"({_cpu_text(r['send_cpu'])})",
            f"  bank file ({r['bank_file_bytes'] / 1e6:.0f} MB, GBK):            "
            f"{r['bank_file_s']:8.1f} s  ({_cpu_text(r['bank_file_cpu'])})",
            f"  computed, stored and exported:      {timed:8.1f} s  "
            f"{r['lines'] / timed:>10,.0f} lines/s  "
            f"({timed / r['n'] * 1e6:.1f} s per million)",
            f"  return file, {sum(r['return_counts'].values()):,} lines {r['return_counts']}: "
            f"{r['return_s']:.1f} s  ({_cpu_text(r['return_cpu'])}); peak memory "
            f"{r['memory_return_before_mb']:.0f} → {r['return_mb']:.0f} MB",
            f"  特困 December, {r['m']:,} people: {ep['lines']:,} lines, {ep['placed']:,} paid to "
            f"an institution: {r['ep_compute_s']:.1f} s ({_cpu_text(r['ep_compute_cpu'])})",
            f"  peak memory: {r['peak_mb']:.0f} MB "
            f"(before December {r['memory_before_mb']:.0f} MB, "
            f"after compute {r['memory_compute_mb']:.0f} MB)",
            f"  naive per-row ORM loop on a sample of {r['sample']:,}: {r['naive_s']:.1f} s "
            f"→ extrapolated to {r['n']:,}: {naive_total:.0f} s (EXTRAPOLATED); "
            f"compute + store is {naive_total / max(r['compute_s'], 1e-9):.0f}× faster",
            f"  load average (1/5/15 min) before {load}, after {load_after} (2 cores, shared)",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--beneficiaries", type=int, default=1_000_000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--database-url", default=DEFAULT_PG)
    parser.add_argument("--naive-sample", type=int, default=2_000)
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        r = child(args.child, args.database_url, args.beneficiaries, args.naive_sample)
        print("RESULT " + json.dumps(r))
        return
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    for engine in engines:
        if engine == "postgresql":
            _fresh_pg(args.database_url)
        out = subprocess.run(
            [sys.executable, __file__, "--child", engine, *sys.argv[1:]],
            capture_output=True,
            text=True,
        )
        found = [ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")]
        if out.returncode or not found:
            print(out.stdout[-3000:], out.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"{engine}: the run failed")
        if os.environ.get("BENCH_PROFILE"):
            print(out.stderr[-12000:], file=sys.stderr)
        print(report(json.loads(found[0][7:])), flush=True)


if __name__ == "__main__":
    main()
