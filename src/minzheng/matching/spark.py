"""Splink on Spark: the same saved model at province scale (issue 16, docs/identity.md).

The model is trained once (on DuckDB) and saved as a versioned file (`params.py`);
a province-scale run scores with that file on Spark, never retrains. Two things
differ from DuckDB:

- the similarity functions the levels call are not built into Spark: Splink ships
  them as a Scala jar (`splink.backends.spark.similarity_jar_location`) whose
  functions `SparkAPI` registers when it starts, provided the jar is on the session's
  class path — `session()` adds it;
- the saved file is written in DuckDB's SQL (`"sql_dialect": "duckdb"`), and Splink
  refuses settings of another dialect; `for_spark` rewrites the function names that
  differ (Splink's own dialects name them: DuckDB `jaro_winkler_similarity`, Spark's
  jar `jaro_winkler`) and refuses a function it does not know, so that a future level
  cannot silently mean something else on Spark.

pyspark and Java are optional (the `spark` extra): this module imports them only
when a Spark run is made, through analytics' session helper (Django-free).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from minzheng.analytics.engines.spark_engine import local_session

# DuckDB's name → the name the similarity jar registers on Spark; the other functions
# the model calls are the same on both.
FUNCTIONS = {
    "jaro_winkler_similarity": "jaro_winkler",
    "damerau_levenshtein": "damerau_levenshtein",
    "substr": "substr",
}
_CALL = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*\(")
_KEYWORDS = {"and", "or", "not", "in"}  # words a condition may put before "("


class UnknownFunction(ValueError):
    """A level or blocking rule calls a function not known to run the same on Spark."""


def similarity_jar() -> str:
    """The path of Splink's similarity-function jar for this Spark's major version."""
    from splink.backends.spark import similarity_jar_location  # imports pyspark

    return str(similarity_jar_location())


def session(cores: int | None = 2, driver_memory: str = "1g") -> Any:
    """A local-mode session (analytics' helper) with the similarity jar on its class
    path. `ADD JAR` rather than `spark.jars`: a session already running in this process
    (getOrCreate returns it) gets the jar too."""
    spark = local_session(cores, driver_memory)
    jar = similarity_jar()
    listed = {row[0] for row in spark.sql("LIST JAR").collect()}
    if not any(entry.endswith(jar.rsplit("/", 1)[-1]) for entry in listed):
        spark.sql(f"ADD JAR '{jar}'")
    return spark


def api(spark: Any) -> Any:
    """Splink's Spark backend. Its intermediate tables are persisted (memory, spilling
    to disk) rather than checkpointed, which would need a checkpoint directory."""
    from splink import SparkAPI

    return SparkAPI(spark_session=spark, break_lineage_method="persist")


def release(spark: Any, prefixes: tuple[str, ...] = ("__splink__",)) -> None:
    """Drop the views of a run and the intermediate tables Splink persisted in `spark`
    (named `__splink__…`), so a session scores one run at a time; the session itself
    belongs to whoever made it."""
    for table in spark.catalog.listTables():
        if table.isTemporary and table.name.startswith(prefixes):
            spark.catalog.uncacheTable(table.name)
            spark.catalog.dropTempView(table.name)


def _translate(sql: str) -> str:
    def replace(found: re.Match[str]) -> str:
        name = found.group(1)
        if name.lower() in _KEYWORDS:
            return found.group(0)
        if name.lower() not in FUNCTIONS:
            message = f"模型的条件调用了未核实可在 Spark 上运行的函数：{name}（{sql}）"
            raise UnknownFunction(message)
        return f"{FUNCTIONS[name.lower()]}("

    return _CALL.sub(replace, sql)


def for_spark(settings: dict[str, Any]) -> dict[str, Any]:
    """The saved model (Splink's settings, DuckDB dialect) as Spark settings: the same
    m, u, prior, levels and blocking rules, the function names translated."""
    translated = copy.deepcopy(settings)
    translated["sql_dialect"] = "spark"
    for rule in translated["blocking_rules_to_generate_predictions"]:
        if isinstance(rule, dict):
            rule["blocking_rule"] = _translate(rule["blocking_rule"])
            rule["sql_dialect"] = "spark"
    rules = translated["blocking_rules_to_generate_predictions"]
    translated["blocking_rules_to_generate_predictions"] = [
        _translate(rule) if isinstance(rule, str) else rule for rule in rules
    ]
    for comparison in translated["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level["sql_condition"] != "ELSE":
                level["sql_condition"] = _translate(level["sql_condition"])
    return translated
