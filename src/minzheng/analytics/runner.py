"""A monitoring run: every rule over one registry snapshot and the feed store, published whole.

Atomic: findings are written under the store's tmp/ and published by one
directory rename, so a killed run leaves the previous results as they were.
Idempotent: a run id names one set of inputs, rules and parameters (its
fingerprint); running an id that is already published changes nothing, and
running it on different inputs is refused rather than overwriting history.
The manifest of each run is the run history: per-rule counts and timings,
input sizes, the parameter values used and the rule versions. Timings are given
twice: wall-clock seconds, and CPU seconds of the process over all its threads
(`time.process_time`), which a machine shared with other jobs inflates far less —
the benchmark compares runs by both.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from minzheng.analytics.engines import Engine, run_rule
from minzheng.analytics.feeds import derived
from minzheng.analytics.keys import check_registry
from minzheng.analytics.params import builtin_values, month_period
from minzheng.analytics.rulefile import Rule, RuleError, load_rules
from minzheng.analytics.schema import SUPERVISION_FINDINGS
from minzheng.analytics.store import (
    AlreadyPublished,
    Store,
    publish,
    read_json,
    replace_text,
    write_json,
)
from minzheng.analytics.tables import (
    ALIASES_FILE,
    DERIVED_FROM,
    DERIVED_TABLES,
    ELDERLY_FUND_TABLES,
    FEED_TABLES,
    INPUT_TABLES,
    PAYMENT_TABLES,
    PERSON_ALIASES,
    export_files,
    registry_files,
)

RUN_ID = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")
FINDINGS = pa.schema(
    [
        ("run_id", pa.string()),
        ("rule_id", pa.string()),
        ("period", pa.string()),
        ("severity", pa.string()),
        ("id_number", pa.string()),
        ("household_id", pa.int64()),
        ("area_code", pa.string()),
        ("evidence", pa.string()),
    ]
)


class RunConflict(RuntimeError):
    """The run id is published already, from different inputs, rules or parameters."""


@dataclass(frozen=True)
class RunRequest:
    store: Path
    registry: Path
    period: str
    run_id: str | None = None
    engine: str = "duckdb"
    overrides: Mapping[str, object] = field(default_factory=dict)
    rules: tuple[str, ...] | None = None
    progress: bool = True
    # `warning` (W001…, D5) or `supervision` (S001…, D14, the funds-supervision checks)
    ruleset: str = "warning"
    # the payments ledger export (schema.PAYMENTS); by default beside the registry snapshot
    ledger: Path | None = None


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    status: Literal["published", "unchanged"]
    path: Path
    manifest: dict[str, Any]


@dataclass
class Phase:
    """Wall-clock and CPU seconds of one step of a run. CPU counts every thread of this
    process: all of DuckDB's work, but only the driver's share on Spark (the JVM's is not)."""

    wall: float = field(default_factory=time.perf_counter)
    cpu: float = field(default_factory=time.process_time)

    def done(self) -> dict[str, float]:
        return {
            "seconds": round(time.perf_counter() - self.wall, 3),
            "cpu_seconds": round(time.process_time() - self.cpu, 3),
        }


@dataclass(frozen=True)
class InputTable:
    name: str
    files: list[Path]
    rows: int
    bytes: int


def collect_inputs(
    store: Store, registry: Path, tables: set[str], ledger: Path | None = None
) -> dict[str, InputTable]:
    """The Parquet files of each table the rules read, with sizes from Parquet footers."""
    found = {}
    for name in sorted(tables):
        if name in FEED_TABLES:
            files = store.feed_files(name)
        elif name in DERIVED_TABLES:
            files = store.derived_files(name)
        elif name in PAYMENT_TABLES:
            files = export_files([ledger or registry], name)
        elif name in ELDERLY_FUND_TABLES:
            # the same nightly snapshot's part: with the ledger export, else the registry's
            files = export_files([d for d in (ledger, registry) if d is not None], name)
        else:
            files = registry_files(registry, name)
        rows = sum(pq.read_metadata(path).num_rows for path in files)
        found[name] = InputTable(name, files, rows, sum(path.stat().st_size for path in files))
    return found


def fingerprint(
    inputs: Mapping[str, InputTable], rules: list[Rule], values: Mapping[str, Any], period: str
) -> str:
    """What a run id stands for: input files (name, size, mtime), rule versions, parameters."""
    described = {
        "period": period,
        "inputs": {
            name: [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in table.files]
            for name, table in inputs.items()
        },
        "rules": {rule.id: rule.version for rule in rules},
        "values": values,
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True, default=str).encode()).hexdigest()


def run(request: RunRequest, engine: Engine) -> RunOutcome:
    """Run the rules on `engine` and publish the findings, or return the published run."""
    store = Store(request.store)
    loading = Phase()
    rules = load_rules(engines=(engine.name,), only=request.rules, ruleset=request.ruleset)
    phases = {"load_rules": loading.done()}
    start, end = month_period(request.period)
    values = {r.id: {**builtin_values(start, end), **r.values(request.overrides)} for r in rules}
    tables = {table for rule in rules for table in rule.input_columns}
    # Normally a no-op (the importer keeps summaries current); catches an import that
    # was killed after publishing its batch but before summarising it.
    derived.refresh(store, sorted(tables & set(DERIVED_TABLES)))
    inputs = collect_inputs(store, request.registry, tables, request.ledger)
    if "persons" in inputs:  # rules meet the registry on the store's keys
        check_registry(store, inputs["persons"].files)
    aliases = _aliases(request.registry)
    digest = fingerprint({**inputs, **aliases}, rules, values, request.period)
    run_id = request.run_id or f"{request.period}-{digest[:10]}"
    if not RUN_ID.match(run_id):
        raise ValueError(f"运行编号 {run_id!r} 只能包含字母、数字、点、横线和下划线")
    if (existing := _published(store, run_id, digest, request.ruleset)) is not None:
        return existing
    store.clean_stale_staging()
    registering = Phase()  # the DuckDB engine loads the registry tables into memory here
    for alias in aliases.values():
        engine.register_parquet(alias.name, alias.files, PERSON_ALIASES)
    aliased = _aliased_tables(aliases)
    for table in inputs.values():
        schema = _read_by(rules, table.name)
        if table.name in aliased and "person_key" in schema.names:
            # read with the matched registry person's key (identity resolution)
            engine.register_parquet(f"{table.name}__as_sent", table.files, schema)
            engine.register_view(table.name, _aliased_sql(table.name, schema))
        else:
            engine.register_parquet(table.name, table.files, schema)
    phases["register_inputs"] = registering.done()
    with store.staging(f"run-{run_id}") as staged:
        manifest = _execute(engine, rules, values, run_id, request, staged)
        sizes = _input_sizes({**inputs, **aliases})
        manifest.update(fingerprint=digest, inputs=sizes, phases=phases)
        write_json(staged / "manifest.json", manifest)
        final = store.run_dir(run_id, request.ruleset)
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            publish(staged, final)
        except AlreadyPublished:
            if (existing := _published(store, run_id, digest, request.ruleset)) is not None:
                return existing
            raise
    replace_text(store.runs_root(request.ruleset) / "LATEST", run_id + "\n")
    return RunOutcome(run_id, "published", final, manifest)


def _aliases(registry: Path) -> dict[str, InputTable]:
    """The snapshot's `person_aliases` (tables.PERSON_ALIASES), when it has one."""
    path = registry / ALIASES_FILE
    if not path.is_file():
        return {}
    rows = pq.read_metadata(path).num_rows
    return {"person_aliases": InputTable("person_aliases", [path], rows, path.stat().st_size)}


def _aliased_tables(aliases: dict[str, InputTable]) -> set[str]:
    """The feeds that sent an aliased number, and the tables derived from them: only
    these are read through the alias view; every other table is read as before."""
    if not aliases:
        return set()
    sent = pq.read_table(aliases["person_aliases"].files[0], columns=["feeds"]).column("feeds")
    feeds = {name for names in sent.to_pylist() for name in names or []}
    return feeds | {derived for derived, source in DERIVED_FROM.items() if source in feeds}


def _aliased_sql(table: str, schema: pa.Schema) -> str:
    """`table` as sent, with each aliased feed key replaced by the registry person's."""
    columns = ", ".join(
        "COALESCE(a.person_key, f.person_key) AS person_key" if n == "person_key" else f"f.{n}"
        for n in schema.names
    )
    return (
        f"SELECT {columns} FROM {table}__as_sent AS f "
        "LEFT JOIN person_aliases AS a ON a.feed_key = f.person_key"
    )


def _read_by(rules: list[Rule], table: str) -> pa.Schema:
    """The table's schema narrowed to the columns some rule reads (less to load or scan)."""
    wanted = {column for rule in rules for column in rule.input_columns.get(table, ())}
    return pa.schema([f for f in INPUT_TABLES[table] if f.name in wanted])


def _published(
    store: Store, run_id: str, digest: str, ruleset: str = "warning"
) -> RunOutcome | None:
    path = store.run_dir(run_id, ruleset) / "manifest.json"
    if not path.exists():
        return None
    manifest = read_json(path)
    if manifest["fingerprint"] != digest:
        raise RunConflict(
            f"运行 {run_id} 已发布，但输入、规则或参数不同；请使用新的运行编号 "
            f"(run {run_id} exists with a different fingerprint)"
        )
    return RunOutcome(run_id, "unchanged", path.parent, manifest)


def _execute(
    engine: Engine,
    rules: list[Rule],
    values: Mapping[str, Mapping[str, Any]],
    run_id: str,
    request: RunRequest,
    staged: Path,
) -> dict[str, Any]:
    started = Phase()
    started_at = dt.datetime.now(dt.UTC)
    (staged / "rules").mkdir()
    summaries, common = [], []
    for rule in _progress(rules, request.progress):
        phase = Phase()
        result = _sorted(run_rule(engine, rule, values[rule.id]))
        timing = phase.done()
        pq.write_table(result, staged / "rules" / f"{rule.id}.parquet", compression="zstd")
        if request.ruleset == "supervision":
            common.append(supervision_findings(result, rule, run_id, request.period))
        else:
            common.append(_common_columns(result, rule, run_id, request.period))
        summaries.append(_summary(rule, values[rule.id], result.num_rows, timing))
    empty = SUPERVISION_FINDINGS if request.ruleset == "supervision" else FINDINGS
    findings = pa.concat_tables(common) if common else empty.empty_table()
    pq.write_table(findings, staged / "findings.parquet", compression="zstd")
    return {
        "run_id": run_id,
        "ruleset": request.ruleset,
        "period": request.period,
        "engine": engine.name,
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **started.done(),
        "findings": findings.num_rows,
        "rules": summaries,
    }


def _progress(rules: list[Rule], enabled: bool) -> Iterator[Rule]:
    desc = "监管规则" if rules and rules[0].id.startswith("S") else "预警规则"
    bar = tqdm(rules, desc=desc, unit="条", disable=not enabled)
    for rule in bar:
        bar.set_postfix_str(rule.id)
        yield rule


def _sorted(result: pa.Table) -> pa.Table:
    """A canonical row order, so that the same inputs give byte-identical files."""
    return result.sort_by([(name, "ascending") for name in result.column_names])


def _common_columns(result: pa.Table, rule: Rule, run_id: str, period: str) -> pa.Table:
    n = result.num_rows
    return pa.table(
        {
            "run_id": pa.array([run_id] * n, pa.string()),
            "rule_id": pa.array([rule.id] * n, pa.string()),
            "period": pa.array([period] * n, pa.string()),
            "severity": pa.array([rule.severity] * n, pa.string()),
            "id_number": result.column("id_number"),
            "household_id": result.column("household_id"),
            "area_code": result.column("area_code"),
            "evidence": result.column("evidence"),
        },
        schema=FINDINGS,
    )


# The platform a programme's money belongs to (issue 11 item 3): the elderly-care funds,
# the disability two subsidies, and social assistance (everything else).
PLATFORMS = {
    "old_age_allowance": "elderly",
    "elderly_care_service_subsidy": "elderly",
    "disability_living_subsidy": "disability",
    "disability_care_subsidy": "disability",
    # paid to an organisation (institutional_payables, issue 14 item 6)
    "elderly_meal_subsidy": "elderly",
    "elderly_operating_subsidy": "elderly",
    "elderly_construction_subsidy": "elderly",
}


def platform(programme: str) -> str:
    return PLATFORMS.get(programme, "assistance")


def finding_key(rule_id: str, who: str, programme: str, first_month: str) -> str:
    """The finding's identity across runs (D14.12: a false alarm is not raised again).
    `who` is the ID number, or for an organisation's finding its subject
    (`elderly.facility:12`), which no ID number can equal."""
    text = f"{rule_id}|{who}|{programme}|{first_month}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def supervision_findings(result: pa.Table, rule: Rule, run_id: str, period: str) -> pa.Table:
    """A supervision rule's output in `schema.SUPERVISION_FINDINGS`: months as YYYY-MM,
    the platform from the programme, the stable key, the evidence checked to be a JSON
    object (a rule that writes anything else fails the run, naming the rule). A rule
    about organisations (S014, S015) also outputs `subject` and `subject_name`."""
    rows = []
    for row in result.to_pylist():
        first = row["first_month"].strftime("%Y-%m")
        try:
            evidence = json.loads(row["evidence"])
        except (TypeError, json.JSONDecodeError):
            evidence = None
        if not isinstance(evidence, dict):
            raise RuleError(f"{rule.id}: evidence 应为 JSON 对象：{row['evidence']!r}")
        amount = row["amount_at_risk"]
        who = row["id_number"] or row.get("subject")
        if not who:
            raise RuleError(f"{rule.id}: 每条结果须有身份证号（id_number）或对象（subject）")
        rows.append(
            {
                "run_id": run_id,
                "rule_id": rule.id,
                "period": period,
                "platform": platform(row["programme"]),
                "finding_key": finding_key(rule.id, who, row["programme"], first),
                "id_number": row["id_number"],
                "household_id": row["household_id"],
                "area_code": row["area_code"],
                "programme": row["programme"],
                "first_month": first,
                "last_month": row["last_month"].strftime("%Y-%m"),
                "months": row["months"],
                "amount_at_risk": amount if amount is not None else decimal.Decimal("0.00"),
                "evidence": row["evidence"],
                "subject": row.get("subject"),
                "subject_name": row.get("subject_name"),
            }
        )
    keys = [row["finding_key"] for row in rows]
    if len(set(keys)) != len(keys):
        raise RuleError(
            f"{rule.id}: 同一身份证号（或对象）、项目和起始月份出现多条结果（finding_key 重复）"
        )
    return pa.Table.from_pylist(rows, schema=SUPERVISION_FINDINGS)


def _summary(
    rule: Rule, values: Mapping[str, Any], count: int, timing: Mapping[str, float]
) -> dict[str, Any]:
    return {
        "id": rule.id,
        "title_zh": rule.title_zh,
        "severity": rule.severity,
        "version": rule.version,
        "parameters": {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()},
        "findings": count,
        **timing,
    }


def _input_sizes(inputs: Mapping[str, InputTable]) -> dict[str, dict[str, int]]:
    return {
        name: {"files": len(t.files), "rows": t.rows, "bytes": t.bytes}
        for name, t in inputs.items()
    }


def history(store_root: Path, ruleset: str = "warning") -> list[dict[str, Any]]:
    """Every published run's manifest, oldest first: the run history."""
    runs = Store(store_root).runs_root(ruleset)
    manifests = [read_json(p) for p in runs.glob("*/manifest.json")]
    return sorted(manifests, key=lambda m: (m["finished_at"], m["run_id"]))
