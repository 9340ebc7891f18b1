"""Train a new version of the identity model.

    python -m minzheng.matching train PERSONS.parquet   # a registry snapshot (RECORDS columns)
    python -m minzheng.matching train --synthetic 200000  # the synthetic city's labelled set

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
    train.add_argument("records", nargs="?", help="Parquet file of records (RECORDS columns)")
    train.add_argument("--synthetic", type=int, default=0, help="合成城市人数（代替文件）")
    train.add_argument("--seed", type=int, default=20260101)
    train.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    if args.synthetic:
        from minzheng.synth.duplicates import labelled_set

        table = labelled_set(seed=args.seed, residents=args.synthetic).drop_columns(["person_id"])
    elif args.records:
        table = pq.read_table(args.records)
    else:
        parser.error("须给出记录文件或 --synthetic 人数")
    trained = pipeline.train(features(table), threads=args.threads)
    path = params.save(trained, day=dt.date.today())
    print(f"已保存：{path}")


if __name__ == "__main__":
    main()
