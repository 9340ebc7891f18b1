"""Benchmark of the 15-minute elderly-service circle at city scale (issue 14 item 3).

    flock /tmp/bench.lock nice -n 19 .venv/bin/python bench/bench_elderly_coverage.py
    .venv/bin/python bench/bench_elderly_coverage.py --residents 1000000 --dir /tmp/x

Writes (once; reused when present) a synthetic city of N residents with its
coordinates (`synth.parquet.write_city` + `synth.geo_parquet.write_geo`, 1,952
facilities), then times each step of the measurement: reading the elderly and their
homes with DuckDB, the coverage of every kind (grid index), the table by community,
township and county, the ranking of uncovered communities and the greedy suggestion of
the next stations. Prints wall and CPU seconds per step, and homes per CPU second.
The walking distance and detour factor are the settings' example values (D7.1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from minzheng.analytics.elderly import circle, snapshot
from minzheng.synth.geo_parquet import write_geo
from minzheng.synth.metrics import peak_rss_mb
from minzheng.synth.parquet import write_city

WALK_M, DETOUR = 1000.0, 1.3  # example values of elderly.circle.* (D7.1)


def _timed(label: str, step: Callable[[], Any], figures: dict[str, Any]) -> Any:
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    figures[label] = {
        "wall_s": round(time.perf_counter() - wall, 3),
        "cpu_s": round(time.process_time() - cpu, 3),
    }
    wall_s, cpu_s = figures[label]["wall_s"], figures[label]["cpu_s"]
    print(f"{label:<28} wall {wall_s:>8.3f} s   cpu {cpu_s:>8.3f} s")
    return result


def _ensure_city(directory: Path, residents: int, seed: int) -> None:
    if not (directory / "persons.parquet").exists():
        print(write_city(directory, seed=seed, residents=residents, progress=False))
    if not (directory / "facilities.parquet").exists():
        print(write_geo(directory, seed=seed))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=9_000_000)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--picks", type=int, default=20)
    args = parser.parse_args()
    directory = args.dir or Path(f"/tmp/minzheng-elderly-bench-{args.residents}")
    directory.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Any] = {}
    _timed(
        "city + coordinates (once)",
        lambda: _ensure_city(directory, args.residents, args.seed),
        figures,
    )
    day = dt.date(2026, 12, 1)
    homes = _timed("read homes (DuckDB)", lambda: snapshot.read_homes(directory, day), figures)
    facilities = _timed("read facilities", lambda: snapshot.read_facilities(directory), figures)
    ring = circle.Circle(WALK_M, DETOUR)
    masks = _timed(
        "coverage, every kind", lambda: circle.covered_by_kind(homes, facilities, ring), figures
    )
    table = _timed("table by area", lambda: circle.coverage_table(homes, masks), figures)
    _timed(
        "uncovered ranking", lambda: circle.uncovered_ranking(homes, masks[circle.ANY]), figures
    )
    _, candidates = snapshot.read_community_points(directory)
    picks = _timed(
        f"next {args.picks} stations (greedy)",
        lambda: circle.next_stations(homes, masks[circle.ANY], candidates, ring, args.picks),
        figures,
    )
    elderly = int(homes.counts["aged60"].sum())
    covered = int((homes.counts["aged60"] * masks[circle.ANY]).sum())
    kinds = len(masks)
    cpu = figures["coverage, every kind"]["cpu_s"] or 1e-9
    summary = {
        "residents": args.residents,
        "homes_with_elderly": len(homes.xy),
        "elderly_60_plus": elderly,
        "facilities": len(facilities.xy),
        "covered_share_any": round(covered / max(elderly, 1), 4),
        "coverage_rows": table.num_rows,
        "home_kind_checks_per_cpu_s": round(len(homes.xy) * kinds / cpu),
        "greedy_gain": picks[-1].cumulative if picks else 0,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "steps": figures,
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
