"""Benchmark of identity resolution (issue 16): accuracy, review queue, time, memory.

    .venv/bin/python bench/bench_identity.py                       # 1,000,000 records
    .venv/bin/python bench/bench_identity.py --records 100000 --threads 2
    .venv/bin/python bench/bench_identity.py --records 200000 --save   # a new model version
    .venv/bin/python bench/bench_identity.py --saved   # the nightly path: saved model

The synthetic city's labelled duplicate set (`minzheng.synth.duplicates`: the
registry plus, for 8 % of the residents, a second record with the errors listed in
docs/identity.md) is matched against itself: features, EM training on the data
itself, scoring, and the decision into automatic links and review. Precision,
recall and F1 are of the automatic links (pairs), against the labels. The
thresholds default to the `example` values of identity/settings.yaml. Times
exclude generating the set; peak memory is the process's high-water mark; CPU
seconds are reported beside wall time because the machine may be shared.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import resource
import time
from typing import Any

import pyarrow as pa

from minzheng.matching import params, pipeline
from minzheng.matching.features import features
from minzheng.synth.duplicates import RATES, labelled_set


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(
    records: int,
    seed: int,
    threads: int,
    automatic: float,
    review: float,
    save: bool = False,
    use_saved: bool = False,
) -> dict[str, Any]:
    load_at_start = os.getloadavg()
    residents = int(records / (1 + RATES.duplicate_share))
    started = time.perf_counter()
    labelled = labelled_set(seed=seed, residents=residents)
    generated = time.perf_counter() - started
    label = dict(
        zip(
            labelled.column("record_id").to_pylist(),
            labelled.column("person_id").to_pylist(),
            strict=True,
        )
    )
    per_person = collections.Counter(label.values())
    true_pairs = sum(n * (n - 1) // 2 for n in per_person.values())
    times: dict[str, float] = {}
    cpu0 = _cpu()
    t0 = time.perf_counter()
    table = features(labelled.drop_columns(["person_id"]))
    del labelled
    times["features"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    if use_saved:  # the nightly self-match's path: the committed model, no training
        _, trained = params.latest()
    else:
        trained = pipeline.train(table, threads=threads, em_sample=1.0)
    times["training"] = time.perf_counter() - t1
    saved = str(params.save(trained, day=dt.date.today())) if save else None
    t2 = time.perf_counter()
    pairs = pipeline.score(table, trained, threshold=review, threads=threads)
    times["scoring"] = time.perf_counter() - t2
    t3 = time.perf_counter()
    decision = pipeline.decide(pairs, automatic=automatic, review=review)
    times["decision"] = time.perf_counter() - t3
    cpu = _cpu() - cpu0
    correct = sum(label[a] == label[b] for a, b, _ in decision.links)
    precision = correct / max(1, len(decision.links))
    recall = correct / max(1, true_pairs)
    f1 = 2 * precision * recall / max(1e-12, precision + recall)
    in_review_true = sum(label[a] == label[b] for a, b, _ in decision.review)
    return {
        "records": table.num_rows,
        "true_pairs": true_pairs,
        "scored_pairs": pairs.num_rows,
        "automatic_links": len(decision.links),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "review_queue": len(decision.review),
        "review_queue_true_pairs": in_review_true,
        "weak_clusters": len(decision.weak_clusters),
        "recall_with_review": round((correct + in_review_true) / max(1, true_pairs), 4),
        "thresholds": {"automatic": automatic, "review": review},
        "seconds_generate": round(generated, 1),
        "seconds": {k: round(v, 1) for k, v in times.items()},
        "seconds_matching_total": round(sum(times.values()), 1),
        # CPU seconds of this process (both threads): on a machine shared with other
        # work, wall time over CPU time shows how much of the wait was contention
        "cpu_seconds_matching": round(cpu, 1),
        "peak_rss_mb": round(_peak_mb()),
        "threads": threads,
        "load_average": os.getloadavg(),
        "load_average_at_start": load_at_start,
        "model": "saved (params.latest)" if use_saved else "trained in this run",
        "prior": trained["probability_two_random_records_match"],
        "saved_model": saved,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--automatic", type=float, default=0.99)
    parser.add_argument("--review", type=float, default=0.5)
    parser.add_argument(
        "--save", action="store_true", help="save the trained model as the next version"
    )
    parser.add_argument(
        "--saved",
        action="store_true",
        help="score with the newest saved model instead of training (the nightly path)",
    )
    args = parser.parse_args()
    pa.set_cpu_count(args.threads)
    result = run(
        args.records,
        args.seed,
        args.threads,
        args.automatic,
        args.review,
        args.save,
        args.saved,
    )
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
