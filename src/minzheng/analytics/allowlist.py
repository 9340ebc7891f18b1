"""Per-engine allow-lists of SQL functions, checked when a rule is loaded.

The same rule file runs on DuckDB and, translated by sqlglot, on Spark. A
function whose translation is not known to give the same answer on both
engines must not slip into a rule and produce different findings on the
cluster; so each engine has an explicit list (rules/functions.yaml) and a
rule that calls anything else is refused with the function's name and the
place it is used.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from sqlglot import exp

ENGINES = ("duckdb", "spark")


class FunctionNotAllowed(ValueError):
    """A rule calls a function that is not on the engine's allow-list."""


@cache
def allowed_functions(engine: str) -> frozenset[str]:
    """The canonical function names allowed on `engine` (both-engine list + its own)."""
    if engine not in ENGINES:
        raise ValueError(f"未知的引擎 {engine!r}（unknown engine）；可用：{', '.join(ENGINES)}")
    text = (
        resources.files("minzheng.analytics.rules").joinpath("functions.yaml").read_text("utf-8")
    )
    lists = yaml.safe_load(text)
    return frozenset(name.upper() for name in [*lists["both"], *(lists[engine] or [])])


def function_name(node: exp.Func) -> str:
    """sqlglot's canonical name of a call, or the written name of a function it does not know."""
    if isinstance(node, exp.Anonymous):
        return str(node.name).upper()
    return str(node.sql_name()).upper()


def called_functions(tree: exp.Expression) -> list[exp.Func]:
    """Every function call in the tree; AND / OR are operators, not calls."""
    return [node for node in tree.find_all(exp.Func) if not isinstance(node, exp.Connector)]


def check(rule_id: str, tree: exp.Expression, engine: str) -> None:
    """Refuse the rule when it calls a function not allowed on `engine`."""
    allowed = allowed_functions(engine)
    refused: dict[str, str] = {}
    for node in called_functions(tree):
        name = function_name(node)
        if name not in allowed:
            refused.setdefault(name, node.sql(dialect="duckdb")[:80])
    if refused:
        detail = "；".join(f"{name}（{snippet}）" for name, snippet in sorted(refused.items()))
        raise FunctionNotAllowed(
            f"规则 {rule_id} 使用了 {engine} 引擎不允许的函数：{detail}。"
            f"允许的函数见 minzheng/analytics/rules/functions.yaml "
            f"(rule {rule_id} calls functions not on the {engine} allow-list)"
        )
