"""Benchmark of feed records matched by identity resolution before the monitoring run
(issue 16, item 1): what the exact path costs, and what matching costs.

    .venv/bin/python bench/bench_feed_identity.py --residents 200000 --mistyped 2000

The synthetic city and its feeds (every record with its registered number: the
exact path), then one more batch of disability certificates for `--mistyped`
residents sent with one digit of the sequence mistyped (check character recomputed,
so the number is valid) and their names, and as many sent exactly. Timed:
- the rules without and with the matching step (the run reads feed keys through the
  `person_aliases` view only when there are aliases);
- the set-based narrowing (`identity.feedscan.near`: feed records whose key is not
  a registry person's, and the registry people near them) — paid by every run,
  even when every number matches exactly;
- features, scoring and the decision of the near records (model version 1, the
  example thresholds 0.99 / 0.5).
Prints seconds, the CPU seconds of this process and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from minzheng.analytics.cli import make_engine
from minzheng.analytics.feeds.importer import ReadOptions, import_feed
from minzheng.analytics.feeds.synthetic import write_feeds
from minzheng.analytics.feeds.validation import literal
from minzheng.analytics.runner import RunRequest, run
from minzheng.analytics.store import Store
from minzheng.analytics.tables import ALIASES_FILE, PERSON_ALIASES
from minzheng.core.idnumber import check_character
from minzheng.identity.feedscan import feed_sources, near, records
from minzheng.matching import params, pipeline
from minzheng.matching.features import features
from minzheng.synth.parquet import write_city

PERIOD = "2026-10"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _mistyped(number: str) -> str:
    body = number[:15] + str((int(number[15]) + 1) % 10) + number[16]
    return body + check_character(body)


def _certificates(registry: Path, n: int, path: Path) -> None:
    persons = literal(str(registry / "persons.parquet"))
    people = (
        duckdb.sql(
            f"SELECT id_number, name FROM read_parquet({persons})"
            f" USING SAMPLE {2 * n} ROWS (reservoir, 16)"
        )
        .to_arrow_table()
        .to_pylist()
    )
    lines = ["公民身份号码,姓名,残疾人证号,残疾类别,残疾等级,发证日期,证件状态"]
    for i, p in enumerate(people):
        number = _mistyped(p["id_number"]) if i < n else p["id_number"]
        lines.append(f"{number},{p['name']},CJB-{i},physical,1,2026-10-08,valid")
    path.write_text("\n".join(lines) + "\n", "utf-8")


def _rules(store: Path, registry: Path, run_id: str) -> float:
    t0 = time.perf_counter()
    request = RunRequest(
        store=store, registry=registry, period=PERIOD, run_id=run_id, progress=False
    )
    run(request, make_engine("duckdb", store, None))
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=200_000)
    parser.add_argument("--mistyped", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    pa.set_cpu_count(args.threads)
    out: dict[str, Any] = {"residents": args.residents, "mistyped": args.mistyped}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        registry, store_dir = root / "city", root / "store"
        write_city(registry, seed=args.seed, residents=args.residents, progress=False)
        store = Store(store_dir)
        write_feeds(store, registry, period=PERIOD, seed=args.seed, threads=args.threads)
        out["rules_exact_feeds_s"] = round(_rules(store_dir, registry, "exact"), 2)
        certificates = root / "残疾人证.csv"
        _certificates(registry, args.mistyped, certificates)
        imported = import_feed(store, "disability_certificates", certificates, ReadOptions())
        assert imported.status == "imported", imported.summary_zh()
        out["feed_rows"] = sum(
            pq.read_metadata(f).num_rows for f in store_dir.glob("feeds/*/batch=*/*.parquet")
        )
        cpu0 = _cpu()
        out["rules_without_matching_s"] = round(_rules(store_dir, registry, "without"), 2)

        t0 = time.perf_counter()
        con = duckdb.connect()
        con.execute(f"SET threads = {args.threads}")
        sources = feed_sources(store)
        assert sources is not None
        unknown, incoming, nearby = near(con, sources, literal(str(registry / "persons.parquet")))
        con.close()
        out["narrowing_s"] = round(time.perf_counter() - t0, 2)
        out["unknown_numbers"], out["near_records"] = unknown, incoming.num_rows
        out["registry_people_near"] = nearby.num_rows

        t1 = time.perf_counter()
        _, trained = params.latest()
        pairs = pipeline.score_between(
            features(records(incoming, "feed_key")),
            features(records(nearby, "person_key")),
            trained,
            threshold=0.5,
            threads=args.threads,
        )
        decision = pipeline.decide(pairs, automatic=0.99, review=0.5)
        out["scoring_s"] = round(time.perf_counter() - t1, 2)
        out["linked"], out["review"] = len(decision.links), len(decision.review)
        feed_numbers = {r["feed_key"]: r["id_number"] for r in incoming.to_pylist()}
        people = {r["person_key"]: r["id_number"] for r in nearby.to_pylist()}
        out["linked_correctly"] = sum(
            _mistyped(people[b]) == feed_numbers[a] for a, b, _ in decision.links
        )
        aliases = [
            {
                "feed_key": a,
                "person_key": b,
                "feed_id_number": feed_numbers[a],
                "id_number": people[b],
                "match_weight": 0.0,
                "match_probability": p,
                "feeds": ["disability_certificates"],
            }
            for a, b, p in decision.links
        ]
        pq.write_table(
            pa.Table.from_pylist(aliases, schema=PERSON_ALIASES), registry / ALIASES_FILE
        )
        out["rules_with_aliases_s"] = round(_rules(store_dir, registry, "with"), 2)
        out["cpu_s"] = round(_cpu() - cpu0, 1)
    out["matching_total_s"] = round(out["narrowing_s"] + out["scoring_s"], 2)
    out["overhead_ratio"] = round(
        (out["rules_with_aliases_s"] + out["matching_total_s"]) / out["rules_without_matching_s"],
        2,
    )
    out["load_average"] = os.getloadavg()
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
