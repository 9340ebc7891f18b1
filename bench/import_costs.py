"""Work the store does when files arrive, so that runs need not: measured for bench_rules.

Moving work from the run to the import is only a gain if the import can afford it,
so the benchmark reports it beside the run, never hidden in it:

- derived tables (`feeds.derived`): every month of `wage_months` rebuilt, as the
  imports of those months built them;
- person keys (`keys`): the whole registry keyed in an empty store (every ID number
  new, as the first snapshot handed to a store is), and one month's wage file keyed
  against the full table (as each monthly import is).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

from minzheng.analytics.feeds import derived
from minzheng.analytics.feeds.validation import literal
from minzheng.analytics.keys import key_file, key_registry
from minzheng.analytics.store import Store


def derived_case(store: Path) -> dict[str, Any]:
    """Rebuild every month of every derived table, as the imports of those months did."""
    started = time.perf_counter()
    rebuilt = derived.refresh(Store(store), force=True)
    seconds = time.perf_counter() - started
    files = [f for table in rebuilt for f in Store(store).derived_files(table)]
    return {
        "seconds": seconds,
        "months": sum(len(months) for months in rebuilt.values()),
        "rows": sum(pq.read_metadata(f).num_rows for f in files),
    }


def keys_case(registry: Path, store: Path, scratch: Path, period: str) -> dict[str, Any]:
    work = scratch / "keys"
    shutil.rmtree(work, ignore_errors=True)
    (work / "registry").mkdir(parents=True)
    shutil.copy(registry / "persons.parquet", work / "registry" / "persons.parquet")
    started = time.perf_counter()
    new = key_registry(Store(work / "store"), work / "registry")
    registry_seconds = time.perf_counter() - started
    batch = next(
        p
        for p in Store(store).feed_files("social_insurance_wages")
        if p.parent.name.endswith(period)
    )
    unkeyed = work / "wages.parquet"
    duckdb.sql(
        f"COPY (SELECT * EXCLUDE (person_key) FROM read_parquet({literal(str(batch))})) "
        f"TO {literal(str(unkeyed))} (FORMAT parquet, COMPRESSION zstd)"
    )
    started = time.perf_counter()
    month_new = key_file(Store(store), unkeyed, work / "wages-keyed.parquet")
    month_seconds = time.perf_counter() - started
    rows = pq.read_metadata(unkeyed).num_rows
    shutil.rmtree(work, ignore_errors=True)
    return {
        "registry_seconds": registry_seconds,
        "registry_keys": new,
        "month_seconds": month_seconds,
        "month_rows": rows,
        "month_new_keys": month_new,
    }


def report(r: dict[str, Any]) -> list[str]:
    d, k = r["derived"], r["keys"]
    duck, floor = r["duckdb"]["seconds"], r["floor"]["seconds"]
    per_month = d["seconds"] / max(d["months"], 1)
    charged = duck + per_month + k["month_seconds"]
    return [
        f"导入时生成派生表（wage_months，{d['months']} 个月，{d['rows']:,} 行）："
        f"{d['seconds']:.1f} s，每月文件导入时约 {per_month:.1f} s（不在运行内，单列）",
        f"导入时分配人员键：整个登记库（{k['registry_keys']:,} 个新键）"
        f"{k['registry_seconds']:.1f} s；"
        f"一个月的工资文件（{k['month_rows']:,} 行，新键 {k['month_new_keys']}）"
        f"{k['month_seconds']:.1f} s（不在运行内，单列）",
        f"  运行 + 一个月的派生表 + 一个月工资文件的键：{charged:.1f} s → 比下限 "
        f"{charged / floor:.2f}x",
    ]
