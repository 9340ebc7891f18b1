"""Train a new version of the identity model.

    python -m minzheng.matching train PERSONS.parquet   # records (features.RECORDS columns)

(From the synthetic city: `bench/bench_identity.py --records 200000 --save`.)

The new version is written beside the older ones (`params.save`), dated today.
"""

from __future__ import annotations

import argparse
import datetime as dt

import pyarrow.parquet as pq

from minzheng.matching import params, pipeline
from minzheng.matching.features import features


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m minzheng.matching")
    sub = parser.add_subparsers(dest="command", required=True)
    train = sub.add_parser("train", help="训练新版本身份匹配模型")
    train.add_argument("records", help="Parquet file of records (RECORDS columns)")
    train.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    table = pq.read_table(args.records)
    trained = pipeline.train(features(table), threads=args.threads)
    path = params.save(trained, day=dt.date.today())
    print(f"已保存：{path}")


if __name__ == "__main__":
    main()
