"""Train a new version of the identity model, or score records with a saved one.

    python -m minzheng.matching train PERSONS.parquet   # records (features.RECORDS columns)
    python -m minzheng.matching score PERSONS.parquet --threshold 0.5 --out PAIRS.parquet \\
        [--against REGISTRY.parquet] [--engine spark] [--cores 8] [--driver-memory 8g]

(From the synthetic city: `bench/bench_identity.py --records 200000 --save`.)

`train` writes the new version beside the older ones (`params.save`), dated today.
`score` compares the records against themselves (or, with `--against`, each record
against a registry) with the newest saved version, never retraining: on DuckDB, or
on Spark in local mode for a province's records (docs/identity.md, "Spark"). The
threshold is the review threshold in force (`identity.threshold.review`), given here
because this command runs without the settings database.
"""

from __future__ import annotations

import argparse
import datetime as dt

import pyarrow.parquet as pq

from minzheng.matching import params, pipeline
from minzheng.matching.features import features


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m minzheng.matching")
    sub = parser.add_subparsers(dest="command", required=True)
    train = sub.add_parser("train", help="训练新版本身份匹配模型")
    train.add_argument("records", help="Parquet file of records (RECORDS columns)")
    train.add_argument("--threads", type=int, default=2)
    score = sub.add_parser("score", help="用已保存的模型为记录对打分（不重新训练）")
    score.add_argument("records", help="Parquet file of records (RECORDS columns)")
    score.add_argument("--against", help="a registry to match the records against")
    score.add_argument("--out", required=True, help="Parquet file of the scored pairs")
    score.add_argument(
        "--threshold", type=float, required=True, help="identity.threshold.review in force"
    )
    score.add_argument("--engine", choices=pipeline.ENGINES, default="duckdb")
    score.add_argument("--cores", type=int, help="DuckDB threads / Spark local cores (all)")
    score.add_argument("--driver-memory", default="4g", help="Spark driver memory")
    return parser


def _score(args: argparse.Namespace) -> None:
    version, trained = params.latest()
    records = features(pq.read_table(args.records))
    session = None
    if args.engine == "spark":
        from minzheng.matching import spark

        session = spark.session(cores=args.cores, driver_memory=args.driver_memory)
    options = {"threads": args.cores, "engine": args.engine, "spark_session": session}
    try:
        if args.against:
            registry = features(pq.read_table(args.against))
            pairs = pipeline.score_between(
                records, registry, trained, threshold=args.threshold, **options
            )
        else:
            pairs = pipeline.score(records, trained, threshold=args.threshold, **options)
    finally:
        if session is not None:
            session.stop()
    pq.write_table(pairs, args.out)
    print(f"模型版本 {version}（{args.engine}）：{pairs.num_rows} 对记录，已保存：{args.out}")


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.command == "score":
        _score(args)
        return
    table = pq.read_table(args.records)
    trained = pipeline.train(features(table), threads=args.threads)
    path = params.save(trained, day=dt.date.today())
    print(f"已保存：{path}")


if __name__ == "__main__":
    main()
