"""Rule files: one SQL file per rule, metadata in a YAML header, cases beside it.

A rule is data, not code (house style, "Rules as data"): its header names a
permanent id (W001), the Chinese and English titles, severity, the domain
rules it implements (D5.4), its parameters with defaults and configuration
keys, and its output columns. Loading a rule checks everything that can be
checked without data — header, single SELECT, tables and columns that exist,
parameters declared and used, output columns as declared, functions allowed
on each engine — so a broken rule fails in CI, not in the nightly run.

A definition several rules share (which households count as low-income, say) is
a view in `_views/<name>.sql`, with its own header of parameters and columns. A
rule that lists it under `uses:` gets it inlined as the first CTE of its query
when the rule is loaded, and inherits its parameters: the one definition is then
bound, qualified, allow-list checked and translated as part of each rule, on
every engine, and per-rule overrides (`W004.near_dibao_ratio`) still work. A
shared view registered once in the engine could do neither. A view may also read
CTEs of the rule (`reads:` names them with their columns, e.g. the members of the
rule's candidate households): it is then inlined right after the last of them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import sqlglot
import yaml
from sqlglot import exp
from sqlglot.errors import OptimizeError, ParseError
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import traverse_scope

from minzheng.analytics import allowlist, params
from minzheng.analytics.params import Parameter, ParamType, ParamValue
from minzheng.analytics.tables import INPUT_TABLES, sql_type, sqlglot_schema

HEADER = re.compile(r"\A\s*/\*\s*---\s*\n(?P<yaml>.*?)\n\s*---\s*\*/(?P<sql>.*)\Z", re.DOTALL)
RULE_ID = re.compile(r"\A[WS]\d{3}\Z")
REFERENCE = re.compile(r"\AD\d+(\.\d+)?\Z")
SEVERITIES = {"high": "高", "medium": "中", "low": "低"}
OUTPUT_TYPES: dict[str, pa.DataType] = {
    "text": pa.string(),
    "int64": pa.int64(),
    "integer": pa.int32(),
    "money": pa.decimal128(12, 2),
    "amount": pa.decimal128(14, 2),  # the payments ledger's money (supervision rules)
    "date": pa.date32(),
    "boolean": pa.bool_(),
}
REQUIRED_OUTPUTS = {"id_number": "text", "household_id": "int64", "area_code": "text"}
# A supervision rule (S001, D14) names the programme paid, the months concerned and the
# money at risk: the runner turns them into `schema.SUPERVISION_FINDINGS`.
SUPERVISION_OUTPUTS = {
    **REQUIRED_OUTPUTS,
    "programme": "text",
    "first_month": "date",
    "last_month": "date",
    "months": "integer",
    "amount_at_risk": "amount",
}
# Optional for a supervision rule: the organisation a finding is about when it is about
# no person (S014, S015: `elderly.facility:<id>` and the facility's name; id_number null).
SUPERVISION_SUBJECT_OUTPUTS = {"subject": "text", "subject_name": "text"}
# The rule sets: a directory of rule files each, the id letter of their rules.
RULE_SETS = {"warning": "W", "supervision": "S"}
HEADER_KEYS = {"id", "title_zh", "title_en", "severity", "references", "description_zh"}
HEADER_KEYS |= {"parameters", "outputs"}
VIEW_HEADER_KEYS = {"view", "description_zh", "parameters", "outputs"}  # and `reads`
VIEW_NAME = re.compile(r"\A[a-z][a-z0-9_]*\Z")
VIEWS_DIR = "_views"


class RuleError(ValueError):
    """A rule file that cannot be used, with the file and the reason."""


@dataclass(frozen=True)
class View:
    """A SELECT several rules share, inlined into each of them as a CTE named `name`."""

    name: str
    description_zh: str
    parameters: tuple[Parameter, ...]
    outputs: tuple[str, ...]
    sql: str
    path: Path
    # CTEs of the using rule that the view reads: name → ((column, output type), ...)
    reads: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    @cached_property
    def tree(self) -> exp.Expression:
        try:
            tree = sqlglot.parse_one(self.sql, read="duckdb")
        except ParseError as exc:
            raise RuleError(f"{self.path.name}: SQL 无法解析：{exc}") from None
        if not isinstance(tree, exp.Expression):
            raise RuleError(f"{self.path.name}: SQL 无法解析")
        return tree


@dataclass(frozen=True)
class Rule:
    id: str
    title_zh: str
    title_en: str
    severity: str
    references: tuple[str, ...]
    description_zh: str
    parameters: tuple[Parameter, ...]
    outputs: tuple[tuple[str, str], ...]
    sql: str
    path: Path
    views: tuple[View, ...] = ()

    @cached_property
    def tree(self) -> exp.Expression:
        """The rule's query, with the views it uses inlined as its first CTEs."""
        tree = sqlglot.parse_one(self.sql, read="duckdb")
        if not isinstance(tree, exp.Expression):
            raise RuleError(f"{self.path.name}: SQL 无法解析")
        return _inline(self, tree) if self.views else tree

    @property
    def version(self) -> str:
        """A short hash of the file and of the views it uses: which text produced a finding."""
        sha = hashlib.sha256(self.path.read_bytes())
        for view in self.views:
            sha.update(view.path.read_bytes())
        return sha.hexdigest()[:12]

    @property
    def cases_path(self) -> Path:
        return self.path.with_suffix(".yaml")

    @property
    def output_schema(self) -> pa.Schema:
        return pa.schema([(name, OUTPUT_TYPES[kind]) for name, kind in self.outputs])

    def parameter_types(self) -> dict[str, ParamType]:
        return {**params.BUILTIN_TYPES, **{p.name: p.type for p in self.parameters}}

    def values(self, overrides: Mapping[str, object] | None = None) -> dict[str, ParamValue]:
        """Defaults, overridden by `W001.name`, else by config key, else by bare name.

        The config key is how versioned configuration (core ConfigValue) reaches a
        rule; `W001.name` pins one rule; a bare name is what a rule's cases use.
        """
        overrides = overrides or {}
        values: dict[str, ParamValue] = {}
        for p in self.parameters:
            keys = (f"{self.id}.{p.name}", p.config_key, p.name)
            raw = next((overrides[k] for k in keys if k in overrides), p.default)
            try:
                values[p.name] = params.coerce(p.type, raw)
            except params.ParameterError as exc:
                raise RuleError(f"{self.id} 参数 {p.name}（{p.config_key}）：{exc}") from None
        return values

    def render(self, engine: str, values: Mapping[str, ParamValue]) -> str:
        """The rule's SQL with values bound, in the engine's dialect."""
        bound = params.bind(self.tree, self.parameter_types(), values)
        return bound.sql(dialect=engine, pretty=False)

    @cached_property
    def input_columns(self) -> dict[str, tuple[str, ...]]:
        """Every input column the rule reads, by table (the benchmark's scan floor uses it)."""
        return _input_columns(self.tree)


def _parameter(name: str, spec: Mapping[str, Any], where: Path) -> Parameter:
    try:
        kind = ParamType(spec["type"])
        default = params.coerce(kind, spec["default"])
        return Parameter(name, kind, default, str(spec["config_key"]), str(spec["description_zh"]))
    except (KeyError, ValueError) as exc:
        raise RuleError(f"{where.name}: 参数 {name} 定义不完整或有误：{exc}") from None


def parse_rule(path: Path, views: Mapping[str, View] | None = None) -> Rule:
    """Read one rule file and check its header (not yet its SQL; see `check_rule`).

    `views` are the shared views by name; by default those in `_views/` beside the rule.
    """
    match = HEADER.match(path.read_text("utf-8"))
    if match is None:
        raise RuleError(f"{path.name}: 文件开头应为 /* --- YAML 头 --- */ 注释块")
    head = yaml.safe_load(match["yaml"]) or {}
    missing = HEADER_KEYS - set(head)
    if missing:
        raise RuleError(f"{path.name}: 头部缺少 {', '.join(sorted(missing))}")
    rule_id = str(head["id"])
    if not RULE_ID.match(rule_id) or not path.stem.startswith(f"{rule_id}_"):
        raise RuleError(f"{path.name}: 编号 {rule_id} 应形如 W001，文件名应以编号开头")
    if head["severity"] not in SEVERITIES:
        raise RuleError(f"{path.name}: severity 应为 {', '.join(SEVERITIES)}")
    references = tuple(str(r) for r in head["references"])
    if not references or not all(REFERENCE.match(r) for r in references):
        raise RuleError(f"{path.name}: references 应列出规则编号，如 D5.4")
    outputs = tuple((str(k), str(v)) for k, v in head["outputs"].items())
    used = _used_views(path, head.get("uses") or [], views)
    own = tuple(_parameter(n, s, path) for n, s in (head["parameters"] or {}).items())
    return Rule(
        id=rule_id,
        title_zh=str(head["title_zh"]),
        title_en=str(head["title_en"]),
        severity=str(head["severity"]),
        references=references,
        description_zh=str(head["description_zh"]).strip(),
        parameters=_merged_parameters(path, own, used),
        outputs=outputs,
        sql=match["sql"].strip().rstrip(";"),
        path=path,
        views=used,
    )


def _used_views(
    path: Path, names: list[str], views: Mapping[str, View] | None
) -> tuple[View, ...]:
    available = load_views(path.parent / VIEWS_DIR) if views is None else views
    if missing := [str(n) for n in names if str(n) not in available]:
        raise RuleError(
            f"{path.name}: uses 中的共用视图不存在：{missing}；可用：{sorted(available)}"
        )
    return tuple(available[str(name)] for name in names)


def _merged_parameters(
    path: Path, own: tuple[Parameter, ...], views: tuple[View, ...]
) -> tuple[Parameter, ...]:
    """The rule's parameters followed by its views'; a name is declared in one place only."""
    merged = list(own)
    for view in views:
        for parameter in view.parameters:
            if any(p.name == parameter.name for p in merged):
                raise RuleError(
                    f"{path.name}: 参数 {parameter.name} 已由共用视图 {view.name} 声明，"
                    f"规则中不应重复声明"
                )
            merged.append(parameter)
    return tuple(merged)


def _inline(rule: Rule, tree: exp.Expression) -> exp.Expression:
    """`tree` with each view as a CTE: first, or right after the rule's CTEs it reads."""
    if not isinstance(tree, exp.Query):
        return tree  # refused by check_rule as not a single SELECT
    existing = tree.args.get("with_")
    own = list(existing.expressions) if existing is not None else []
    names = [cte.alias_or_name for cte in own]
    if clash := set(names) & {view.name for view in rule.views}:
        raise RuleError(f"{rule.path.name}: CTE 与共用视图同名：{sorted(clash)}")
    first: list[exp.Expression] = []
    after: dict[int, list[exp.Expression]] = {}
    for view in rule.views:
        cte = exp.CTE(
            this=view.tree.copy(), alias=exp.TableAlias(this=exp.to_identifier(view.name))
        )
        if not view.reads:
            first.append(cte)
            continue
        if missing := [name for name, _ in view.reads if name not in names]:
            raise RuleError(f"{rule.path.name}: 共用视图 {view.name} 需要规则中的 CTE {missing}")
        after.setdefault(max(names.index(name) for name, _ in view.reads), []).append(cte)
    ordered = first + [c for i, cte in enumerate(own) for c in [cte, *after.get(i, [])]]
    inlined = tree.copy()
    inlined.set("with_", exp.With(expressions=ordered))
    return inlined


def parse_view(path: Path) -> View:
    """Read one shared view and check its header (its SQL: `check_view`)."""
    match = HEADER.match(path.read_text("utf-8"))
    if match is None:
        raise RuleError(f"{path.name}: 文件开头应为 /* --- YAML 头 --- */ 注释块")
    head = yaml.safe_load(match["yaml"]) or {}
    if missing := VIEW_HEADER_KEYS - set(head):
        raise RuleError(f"{path.name}: 头部缺少 {', '.join(sorted(missing))}")
    name = str(head["view"])
    if not VIEW_NAME.match(name) or path.stem != name:
        raise RuleError(f"{path.name}: 视图名 {name} 应为小写英文，且与文件名相同")
    return View(
        name=name,
        description_zh=str(head["description_zh"]).strip(),
        parameters=tuple(_parameter(n, s, path) for n, s in (head["parameters"] or {}).items()),
        outputs=tuple(str(column) for column in head["outputs"]),
        sql=match["sql"].strip().rstrip(";"),
        path=path,
        reads=_reads(path, head.get("reads") or {}),
    )


def _reads(
    path: Path, spec: Mapping[str, Any]
) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """`reads: {members: {household_id: int64, ...}}`, checked: the CTEs a view reads."""
    reads = []
    for cte, columns in spec.items():
        if not isinstance(columns, Mapping) or not columns:
            raise RuleError(f"{path.name}: reads.{cte} 应列出列名及类型")
        if unknown := [t for t in columns.values() if t not in OUTPUT_TYPES]:
            raise RuleError(
                f"{path.name}: reads.{cte} 的类型 {unknown} 未知；可用 {list(OUTPUT_TYPES)}"
            )
        reads.append((str(cte), tuple((str(c), str(t)) for c, t in columns.items())))
    return tuple(reads)


def load_views(directory: Path) -> dict[str, View]:
    """The shared views in `directory` by name (none if it does not exist)."""
    return {view.name: view for view in map(parse_view, sorted(directory.glob("*.sql")))}


def check_view(view: View, engines: Iterable[str] = allowlist.ENGINES) -> None:
    """The checks of `check_rule` that apply to a view on its own, naming the view."""
    where = view.path.name
    tree = view.tree
    if not isinstance(tree, exp.Query):
        raise RuleError(f"{where}: 共用视图只能是一条 SELECT 查询")
    if tree.named_selects != list(view.outputs):
        raise RuleError(f"{where}: SELECT 的列 {tree.named_selects} 与头部 outputs 不一致")
    used = {node.name for node in tree.find_all(exp.Placeholder)}
    declared = {p.name for p in view.parameters}
    if used - declared - set(params.BUILTINS) or declared - used:
        raise RuleError(
            f"{where}: 参数声明与使用不一致：使用 {sorted(used)}，声明 {sorted(declared)}"
        )
    read = {
        cte: {column: sql_type(OUTPUT_TYPES[kind]) for column, kind in columns}
        for cte, columns in view.reads
    }
    _check_table_names(where, tree, set(read))
    try:
        _input_columns(tree, read)
    except RuleError as exc:
        raise RuleError(f"{where}: {exc}") from None
    for engine in engines:
        allowlist.check(f"{view.name}（共用视图）", tree, engine)


def check_rule(rule: Rule, engines: Iterable[str] = allowlist.ENGINES) -> None:
    """Every load-time check of the SQL; raises RuleError or FunctionNotAllowed."""
    where = rule.path.name
    try:
        tree = rule.tree
    except ParseError as exc:
        raise RuleError(f"{where}: SQL 无法解析：{exc}") from None
    if not isinstance(tree, exp.Query):
        raise RuleError(f"{where}: 规则只能是一条 SELECT 查询")
    _check_outputs(rule, tree)
    _check_placeholders(rule, tree)
    _check_tables(rule, tree)
    rule.input_columns  # noqa: B018 - qualifies every column, raising on an unknown one
    for engine in engines:
        allowlist.check(rule.id, tree, engine)


def required_outputs(rule_id: str) -> dict[str, str]:
    """The columns every rule of the rule's set must give (its id letter names the set)."""
    required = SUPERVISION_OUTPUTS if rule_id.startswith("S") else REQUIRED_OUTPUTS
    return {**required, "evidence": "text"}


def _check_outputs(rule: Rule, tree: exp.Query) -> None:
    declared = dict(rule.outputs)
    for name, kind in required_outputs(rule.id).items():
        if declared.get(name) != kind:
            raise RuleError(f"{rule.path.name}: 输出列必须包含 {name}（{kind}）")
    if rule.id.startswith("S"):
        for name, kind in SUPERVISION_SUBJECT_OUTPUTS.items():
            if name in declared and declared[name] != kind:
                raise RuleError(f"{rule.path.name}: 输出列 {name} 应为 {kind}")
    unknown = [kind for kind in declared.values() if kind not in OUTPUT_TYPES]
    if unknown:
        raise RuleError(f"{rule.path.name}: 未知的输出类型 {unknown}；可用 {list(OUTPUT_TYPES)}")
    if tree.named_selects != list(declared):
        raise RuleError(
            f"{rule.path.name}: SELECT 的列 {tree.named_selects} 与头部 outputs "
            f"{list(declared)} 不一致"
        )


def _check_placeholders(rule: Rule, tree: exp.Expression) -> None:
    used = {node.name for node in tree.find_all(exp.Placeholder)}
    declared = {p.name for p in rule.parameters}
    if undeclared := used - declared - set(params.BUILTINS):
        raise RuleError(f"{rule.path.name}: 使用了未在头部声明的参数 {sorted(undeclared)}")
    if unused := declared - used:
        raise RuleError(f"{rule.path.name}: 声明了但未使用的参数 {sorted(unused)}")


def _check_tables(rule: Rule, tree: exp.Expression) -> None:
    _check_table_names(rule.path.name, tree)


def _check_table_names(where: str, tree: exp.Expression, ctes: set[str] | None = None) -> None:
    ctes = (ctes or set()) | {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    for table in tree.find_all(exp.Table):
        if table.name not in INPUT_TABLES and table.name not in ctes:
            raise RuleError(f"{where}: 未知的表 {table.name}；可用：{', '.join(INPUT_TABLES)}")


def _input_columns(
    tree: exp.Expression, extra: Mapping[str, Mapping[str, str]] | None = None
) -> dict[str, tuple[str, ...]]:
    """Input table → columns read; `extra` types the rule CTEs a view reads."""
    schema: dict[str, object] = {**sqlglot_schema(), **(extra or {})}
    try:
        qualified = qualify(
            tree.copy(), schema=schema, dialect="duckdb", validate_qualify_columns=True
        )
    except OptimizeError as exc:
        raise RuleError(f"列名检查失败（unknown column）：{exc}") from None
    reads: dict[str, set[str]] = {}
    for scope in traverse_scope(qualified):
        for column in scope.columns:
            source = scope.sources.get(column.table)
            if isinstance(source, exp.Table) and source.name in INPUT_TABLES:
                reads.setdefault(source.name, set()).add(column.name)
    return {table: tuple(sorted(columns)) for table, columns in sorted(reads.items())}


def config_types(rules: Iterable[Rule]) -> dict[str, ParamType]:
    """Each configuration key the rules read, with its type; one key must mean one type."""
    types: dict[str, ParamType] = {}
    for rule in rules:
        for p in rule.parameters:
            if types.setdefault(p.config_key, p.type) is not p.type:
                raise RuleError(
                    f"{rule.path.name}: 配置项 {p.config_key} 在不同规则中的类型不同"
                    f"（{types[p.config_key].value} / {p.type.value}）"
                )
    return types


def rule_files_dir(ruleset: str = "warning") -> Path:
    """A rule set's directory (rules, their cases, and `_views/`): `warning` (W001…,
    D5) or `supervision` (S001…, D14)."""
    if ruleset not in RULE_SETS:
        raise RuleError(f"未知的规则集 {ruleset!r}；可用：{', '.join(RULE_SETS)}")
    return Path(str(resources.files("minzheng.analytics.rules").joinpath(ruleset)))


def rule_files(directory: Path | None = None, ruleset: str = "warning") -> list[Path]:
    """The rule files of a rule set (or of `directory`), in id order."""
    return sorted((directory or rule_files_dir(ruleset)).glob("[WS][0-9][0-9][0-9]_*.sql"))


def rule_headers(directory: Path | None = None, ruleset: str = "warning") -> list[Rule]:
    """Every rule with its header read (parameters, references), its SQL not checked:
    what the settings registry needs to declare the rules' configuration keys."""
    base = directory or rule_files_dir(ruleset)
    views = load_views(base / VIEWS_DIR)
    return [parse_rule(path, views) for path in rule_files(base)]


def load_rules(
    directory: Path | None = None,
    *,
    engines: Iterable[str] = allowlist.ENGINES,
    only: Iterable[str] | None = None,
    ruleset: str = "warning",
) -> list[Rule]:
    """Parse and check every rule; ids must be unique. `only` selects rule ids."""
    wanted = set(only) if only else None
    base = directory or rule_files_dir(ruleset)
    views = load_views(base / VIEWS_DIR)
    rules = [parse_rule(path, views) for path in rule_files(base)]
    ids = [rule.id for rule in rules]
    if len(set(ids)) != len(ids):
        raise RuleError(f"规则编号重复：{sorted(i for i in ids if ids.count(i) > 1)}")
    if wanted and (unknown := wanted - set(ids)):
        raise RuleError(f"没有这些规则：{sorted(unknown)}")
    selected = [rule for rule in rules if wanted is None or rule.id in wanted]
    engines = tuple(engines)
    for view in {view.name: view for rule in selected for view in rule.views}.values():
        check_view(view, engines)
    for rule in selected:
        check_rule(rule, engines)
    return selected
