"""Benchmark of the synthetic-city generator: residents per second and peak memory.

    .venv/bin/python bench/bench_synth.py                      # 50k into SQLite, 1M to Parquet
    .venv/bin/python bench/bench_synth.py --residents 9000000  # the whole city to Parquet

Each case runs in a fresh process, so that its peak resident memory (ru_maxrss,
a process-wide high-water mark) is its own. The database case uses a throw-away
SQLite file (or --database-url, which must point at an empty, migratable DB).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from minzheng.synth.metrics import peak_rss_mb
from minzheng.synth.parquet import write_city


def _database_case(residents: int, seed: int, database_url: str | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="minzheng-bench-") as tmp:
        os.environ["MINZHENG_DATABASE_URL"] = database_url or f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["MINZHENG_VAR_DIR"] = tmp
        os.environ.setdefault("MINZHENG_DEMO", "1")
        os.environ["DJANGO_SETTINGS_MODULE"] = "minzheng.settings"
        # Django reads the settings above when it starts, so it is imported only now.
        import django
        from django.core.management import call_command

        django.setup()
        from minzheng.demo.city import load_demo_city

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        summary = load_demo_city(seed=seed, residents=residents)
        seconds = time.perf_counter() - started
        engine = "PostgreSQL" if "postgres" in os.environ["MINZHENG_DATABASE_URL"] else "SQLite"
    return {
        "case": f"database ({engine})",
        "residents": summary.persons,
        "seconds": seconds,
        "peak_rss_mb": peak_rss_mb(),
    }


def _parquet_case(residents: int, seed: int, chunk_size: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="minzheng-bench-") as tmp:
        summary = write_city(
            Path(tmp), seed=seed, residents=residents, chunk_size=chunk_size, progress=False
        )
        size_mb = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 2**20
    return {
        "case": "Parquet",
        "residents": residents,
        "seconds": summary["seconds"],
        "peak_rss_mb": summary["peak_rss_mb"],
        "size_mb": size_mb,
    }


def _run_case(case: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one case in a child process and read its JSON result."""
    command = [
        sys.executable,
        __file__,
        "--only",
        case,
        "--seed",
        str(args.seed),
        "--residents",
        str(args.residents),
        "--db-residents",
        str(args.db_residents),
        "--chunk-size",
        str(args.chunk_size),
    ]
    if args.database_url:
        command += ["--database-url", args.database_url]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"基准测试 {case} 失败")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def _print_table(rows: list[dict[str, Any]]) -> None:
    header = f"{'case':<20}{'residents':>12}{'seconds':>10}{'residents/s':>14}{'peak MB':>10}"
    print(header)
    print("-" * len(header))
    for r in rows:
        rate = r["residents"] / r["seconds"] if r["seconds"] else 0.0
        print(
            f"{r['case']:<20}{r['residents']:>12,}{r['seconds']:>10.1f}{rate:>14,.0f}"
            f"{r['peak_rss_mb']:>10.0f}"
        )


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="合成城市生成器基准测试")
    parser.add_argument("--residents", type=int, default=1_000_000, help="Parquet 人数")
    parser.add_argument("--db-residents", type=int, default=50_000, help="数据库人数")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--chunk-size", type=int, default=250_000)
    parser.add_argument("--database-url", default=None, help="默认：临时 SQLite 文件")
    parser.add_argument("--skip-db", action="store_true", help="只测 Parquet")
    parser.add_argument("--only", choices=["db", "parquet"], help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = _parse(argv)
    if args.only == "db":
        print(json.dumps(_database_case(args.db_residents, args.seed, args.database_url)))
        return
    if args.only == "parquet":
        print(json.dumps(_parquet_case(args.residents, args.seed, args.chunk_size)))
        return
    cases = ["parquet"] if args.skip_db else ["db", "parquet"]
    _print_table([_run_case(case, args) for case in cases])


if __name__ == "__main__":
    main()
