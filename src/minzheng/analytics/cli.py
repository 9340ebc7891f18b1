"""`python -m minzheng.analytics`: import feeds, list rules, run them, show run history.

Django-free on purpose: the nightly job (and a Spark driver) runs this without
the web application's settings or database.

    python -m minzheng.analytics import --store DIR --feed deaths FILE...
    python -m minzheng.analytics keys --store DIR --registry DIR
    python -m minzheng.analytics run --store DIR --registry DIR [--period YYYY-MM]
                                     [--run-id ID] [--engine duckdb|spark] [--params FILE]
    python -m minzheng.analytics run --rules supervision --store DIR --registry DIR
                                     [--ledger DIR] --period YYYY-MM [--engine duckdb|spark]
    python -m minzheng.analytics rules [--engine spark] [--set supervision]
    python -m minzheng.analytics history --store DIR [--set supervision]
    python -m minzheng.analytics feeds
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

from minzheng.analytics import allowlist
from minzheng.analytics.allowlist import FunctionNotAllowed
from minzheng.analytics.engines import Engine
from minzheng.analytics.engines.duckdb_engine import DuckDBEngine
from minzheng.analytics.engines.spark_engine import SparkEngine, SparkUnavailable, local_session
from minzheng.analytics.feeds.catalog import FEEDS
from minzheng.analytics.feeds.importer import ReadOptions, import_feed
from minzheng.analytics.keys import NotKeyed, key_registry
from minzheng.analytics.params import ParameterError
from minzheng.analytics.rulefile import RULE_SETS, RuleError, load_rules
from minzheng.analytics.runner import RunConflict, RunRequest, history, run
from minzheng.analytics.store import Store
from minzheng.analytics.tables import REGISTRY_TABLES, MissingInput


def last_month(today: dt.date | None = None) -> str:
    """The default period: the last complete month (feeds for a month arrive after it)."""
    first = (today or dt.date.today()).replace(day=1)
    return (first - dt.timedelta(days=1)).strftime("%Y-%m")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m minzheng.analytics", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="导入部门数据文件（CSV/Excel/Parquet）")
    imp.add_argument("--store", type=Path, required=True)
    imp.add_argument("--feed", required=True, choices=sorted(FEEDS))
    imp.add_argument("--encoding", default="auto", choices=["auto", "utf-8", "gb18030"])
    imp.add_argument("--sheet", help="Excel 工作表名（默认第一个）")
    imp.add_argument("files", type=Path, nargs="+")
    keys = sub.add_parser("keys", help="为登记库快照分配人员键（与部门数据同一键表）")
    keys.add_argument("--store", type=Path, required=True)
    keys.add_argument("--registry", type=Path, required=True, help="登记库快照（Parquet）目录")
    go = sub.add_parser("run", help="运行全部预警规则并发布结果")
    go.add_argument("--store", type=Path, required=True)
    go.add_argument("--registry", type=Path, required=True, help="登记库快照（Parquet）目录")
    go.add_argument("--period", default=None, help="YYYY-MM，默认上个月")
    go.add_argument("--run-id", default=None)
    go.add_argument("--engine", default="duckdb", choices=allowlist.ENGINES)
    go.add_argument("--params", type=Path, help="YAML：配置键（或 W001.参数名）→ 值")
    go.add_argument(
        "--rules",
        help="规则集（warning 预警，supervision 资金监管）或规则编号，逗号分隔，如 W001,W002",
    )
    go.add_argument(
        "--ledger",
        type=Path,
        default=None,
        help="资金发放数据（Parquet）目录，默认与登记库快照同目录",
    )
    go.add_argument("--memory-limit", default=None, help="DuckDB 内存上限，如 6GB")
    go.add_argument("--no-progress", action="store_true")
    rules = sub.add_parser("rules", help="列出规则并检查（含函数白名单）")
    rules.add_argument("--engine", default=None, choices=allowlist.ENGINES)
    rules.add_argument("--set", default="warning", choices=sorted(RULE_SETS))
    hist = sub.add_parser("history", help="运行历史")
    hist.add_argument("--store", type=Path, required=True)
    hist.add_argument("--set", default="warning", choices=sorted(RULE_SETS))
    sub.add_parser("feeds", help="列出数据源及字段")
    return top


def cmd_import(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.files:
        options = ReadOptions(encoding=args.encoding, sheet=args.sheet, progress=True)
        result = import_feed(Store(args.store), args.feed, path, options)
        print(result.summary_zh())
        failed += result.status == "rejected"
    return 1 if failed else 0


def cmd_keys(args: argparse.Namespace) -> int:
    new = key_registry(Store(args.store), args.registry)
    print(f"登记库快照 {args.registry} 已使用本数据库的人员键（新分配 {new} 个）")
    return 0


def make_engine(name: str, store: Path, memory_limit: str | None) -> Engine:
    if name == "spark":
        return SparkEngine(local_session(cores=None, driver_memory="4g"))
    (store / "tmp").mkdir(parents=True, exist_ok=True)
    return DuckDBEngine(
        memory_limit=memory_limit,
        temp_directory=store / "tmp" / "duckdb-spill",
        materialize=REGISTRY_TABLES,
    )


def rule_selection(text: str | None) -> tuple[str, tuple[str, ...] | None]:
    """`--rules`: a rule set's name (all its rules) or rule ids of one set (W… or S…)."""
    if not text:
        return "warning", None
    if text in RULE_SETS:
        return text, None
    ids = tuple(item.strip() for item in text.split(",") if item.strip())
    sets = {name for name, letter in RULE_SETS.items() for i in ids if i.startswith(letter)}
    if len(sets) != 1:
        raise ValueError(
            f"--rules {text!r}：应为规则集名（warning、supervision）或同一规则集的编号"
        )
    return sets.pop(), ids


def cmd_run(args: argparse.Namespace) -> int:
    overrides = yaml.safe_load(args.params.read_text("utf-8")) if args.params else {}
    ruleset, only = rule_selection(args.rules)
    request = RunRequest(
        store=args.store,
        registry=args.registry,
        period=args.period or last_month(),
        run_id=args.run_id,
        engine=args.engine,
        overrides=overrides or {},
        rules=only,
        progress=not args.no_progress,
        ruleset=ruleset,
        ledger=args.ledger,
    )
    engine = make_engine(args.engine, args.store, args.memory_limit)
    try:
        outcome = run(request, engine)
    finally:
        engine.close()
    verb = "已发布" if outcome.status == "published" else "已存在，未改变"
    print(f"运行 {outcome.run_id} {verb}：{outcome.path}")
    for rule in outcome.manifest["rules"]:
        print(f"  {rule['id']} {rule['title_zh']}：{rule['findings']} 条，{rule['seconds']} 秒")
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    engines = (args.engine,) if args.engine else allowlist.ENGINES
    for rule in load_rules(engines=engines, ruleset=args.set):
        refs = ", ".join(rule.references)
        print(f"{rule.id} [{rule.severity}] {rule.title_zh} / {rule.title_en} ({refs})")
        for p in rule.parameters:
            print(f"    ${p.name} = {p.default!s}  ({p.config_key}) {p.description_zh}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    for manifest in history(args.store, args.set):
        counts = " ".join(f"{r['id']}={r['findings']}" for r in manifest["rules"])
        print(
            f"{manifest['run_id']} {manifest['period']} {manifest['engine']} "
            f"{manifest['finished_at']} {manifest['seconds']}s {counts}"
        )
    return 0


def cmd_feeds(_: argparse.Namespace) -> int:
    for spec in FEEDS.values():
        fields = [
            {"name": f.name, "title_zh": f.title_zh, "kind": f.kind.value} for f in spec.fields
        ]
        print(
            json.dumps(
                {"feed": spec.name, "title_zh": spec.title_zh, "fields": fields},
                ensure_ascii=False,
            )
        )
    return 0


COMMANDS = {
    "import": cmd_import,
    "keys": cmd_keys,
    "run": cmd_run,
    "rules": cmd_rules,
    "history": cmd_history,
    "feeds": cmd_feeds,
}


# Errors a user can act on: printed as one line, not as a traceback.
USER_ERRORS = (
    RunConflict,
    RuleError,
    FunctionNotAllowed,
    ParameterError,
    MissingInput,
    NotKeyed,
    SparkUnavailable,
    KeyError,
    ValueError,
)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except USER_ERRORS as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
