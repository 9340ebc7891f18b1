"""Policy simulation at city scale (issue 15 item 4): the policy engine over the
synthetic city's registry snapshot (9 M residents by default), baseline and two
scenarios, on `--workers` processes. Prints wall-clock and CPU seconds (this process
and its workers), the load average before and after, households read and assessed,
and the figures of each scenario.

    flock /tmp/bench.lock nice -n 19 .venv/bin/python bench/bench_simulation.py [--residents N]

The city is generated once and cached under bench/out/ (as bench_rules.py does).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import time
from pathlib import Path

from minzheng.assistance.policy import example_values
from minzheng.assistance.simulation import Scenario, simulate
from minzheng.synth.parquet import write_city

OUT = Path(__file__).resolve().parent / "out"


def city(residents: int, seed: int) -> Path:
    registry = OUT / f"city-{residents}-s{seed}-sim1"
    if not (registry / "summary.json").exists():
        shutil.rmtree(registry, ignore_errors=True)
        summary = write_city(registry, seed=seed, residents=residents, progress=True)
        (registry / "summary.json").write_text(json.dumps(summary))
    return registry


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=9_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    registry = city(args.residents, args.seed)
    values = example_values()  # labelled examples, not policy
    scenarios = [
        Scenario("A", "dibao.standard.urban", str(int(values["dibao.standard.urban"]) + 50)),
        Scenario("B", "dibao.standard.rural", str(int(values["dibao.standard.rural"]) + 50)),
    ]
    load_before = os.getloadavg()
    cpu0, wall0 = cpu_seconds(), time.perf_counter()
    result = simulate(
        registry,
        month=dt.date(2027, 1, 1),
        city=values,
        scenarios=scenarios,
        prefix="3203",
        workers=args.workers,
    )
    wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
    load_after = os.getloadavg()
    print(
        f"residents {args.residents:,}; households {result.households:,}; "
        f"assessed {result.assessed:,} ({result.assessed / max(result.households, 1):.1%}); "
        f"skipped {result.skipped:,}"
    )
    print(
        f"wall {wall:.1f} s; CPU {cpu:.1f} s (this process + {args.workers} workers); "
        f"CPU/wall {cpu / wall:.2f}; {result.assessed * len(result.scenarios) / cpu:,.0f} "
        f"assessments per CPU second"
    )
    print(
        f"load average before {load_before[0]:.1f} {load_before[1]:.1f} {load_before[2]:.1f}; "
        f"after {load_after[0]:.1f} {load_after[1]:.1f} {load_after[2]:.1f}"
    )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: this process {own:,.0f} MB, largest worker {worker:,.0f} MB")
    for name in result.scenarios:
        t = result.total(name)
        print(
            f"{name}: households {t.households:,}, people {t.people:,}, "
            f"monthly {t.monthly:,.2f}, yearly {t.yearly:,.2f}; enter "
            f"{result.moves(name, 'enter'):,}, leave {result.moves(name, 'leave'):,}"
        )


if __name__ == "__main__":
    main()
