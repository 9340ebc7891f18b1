"""Engines that run rule SQL: DuckDB in process (default) and Apache Spark.

An engine only has to register input tables (Parquet files or an Arrow
table) under the names rules use, and run one query to an Arrow table.
Everything else — parameter binding, translation, output checking — is the
same for both, which is what makes the parity test meaningful.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

import pyarrow as pa

from minzheng.analytics.params import ParamValue
from minzheng.analytics.rulefile import Rule, RuleError


class Engine(Protocol):
    name: str

    def register_parquet(self, table: str, files: list[Path], schema: pa.Schema) -> None: ...

    def register_arrow(self, table: str, data: pa.Table) -> None: ...

    def register_view(self, table: str, sql: str) -> None: ...

    def query(self, sql: str) -> pa.Table: ...

    def close(self) -> None: ...


def conform(rule: Rule, result: pa.Table) -> pa.Table:
    """The result in the rule's declared output schema (exact names, order and types).

    Engines differ in the precision they give sums and in integer widths; the
    declared schema is the contract, and a value that does not fit it (money
    with more than two decimals, say) is an error, not a silent rounding.
    """
    expected = rule.output_schema
    if result.column_names != expected.names:
        raise RuleError(f"{rule.id}: 结果列 {result.column_names} 与声明 {expected.names} 不一致")
    try:
        return result.cast(expected, safe=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise RuleError(f"{rule.id}: 结果无法转换为声明的类型：{exc}") from None


def run_rule(engine: Engine, rule: Rule, values: Mapping[str, ParamValue]) -> pa.Table:
    """Run one rule with bound parameter values; returns its findings in the declared schema."""
    return conform(rule, engine.query(rule.render(engine.name, values)))
