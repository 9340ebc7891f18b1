"""Apache Spark: the same rules at province or national scale, translated by sqlglot.

pyspark is an optional dependency (the `spark` extra) and starting a JVM takes
seconds, so it is imported only when a Spark engine is actually made — a
DuckDB run and the Django-free import check never pay for it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa

from minzheng.analytics.tables import sql_type


class SparkUnavailable(RuntimeError):
    """pyspark or Java is missing; the message says how to install them."""


HOW_TO_ENABLE = (
    "需要 pyspark 与 Java 17：pip install -e '.[spark]' 并安装 openjdk-17-jre-headless "
    "(install the spark extra and Java 17 to run rules on Spark)"
)


def spark_available() -> str | None:
    """None when Spark can start here, else the reason it cannot."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark 未安装；" + HOW_TO_ENABLE
    # pyspark starts `$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` from PATH.
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        if not os.access(os.path.join(java_home, "bin", "java"), os.X_OK):
            return f"JAVA_HOME={java_home} 下没有可执行的 bin/java；" + HOW_TO_ENABLE
    elif shutil.which("java") is None:
        return "找不到 java；" + HOW_TO_ENABLE
    return None


def local_session(cores: int | None = 2, driver_memory: str = "1g") -> Any:
    """A local-mode session sized for one machine (tests use local[2], 2 shuffle partitions).

    `cores=None` uses every core (`local[*]`), as a command-line run should.
    """
    reason = spark_available()
    if reason:
        raise SparkUnavailable(reason)
    from pyspark.sql import SparkSession  # optional dependency, see module docstring

    session = (
        SparkSession.builder.master(f"local[{cores or '*'}]")
        .appName("minzheng-analytics")
        .config("spark.sql.shuffle.partitions", str(cores or 8))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", driver_memory)
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def spark_ddl(schema: pa.Schema) -> str:
    """`id_number STRING, wage DECIMAL(12, 2), ...`: the schema in Spark's DDL."""
    return ", ".join(f"`{f.name}` {sql_type(f.type).replace('VARCHAR', 'STRING')}" for f in schema)


class SparkEngine:
    """Tables are temporary views; `session` may be shared (the tests share one)."""

    name = "spark"

    def __init__(self, session: Any) -> None:
        self.session = session
        self._views: list[str] = []

    def register_parquet(self, table: str, files: list[Path], schema: pa.Schema) -> None:
        if not files:
            self.register_arrow(table, schema.empty_table())
            return
        # An explicit schema spares Spark a job that reads every footer to infer one.
        reader = self.session.read.schema(spark_ddl(schema))
        frame = reader.parquet(*(str(path) for path in files)).select(*schema.names)
        frame.createOrReplaceTempView(table)
        self._views.append(table)

    def register_arrow(self, table: str, data: pa.Table) -> None:
        self.session.createDataFrame(data).createOrReplaceTempView(table)
        self._views.append(table)

    def register_view(self, table: str, sql: str) -> None:
        self.session.sql(sql).createOrReplaceTempView(table)
        self._views.append(table)

    def query(self, sql: str) -> pa.Table:
        result: pa.Table = self.session.sql(sql).toArrow()
        return result

    def close(self) -> None:
        """Drop this engine's views; the session belongs to whoever made it."""
        for view in self._views:
            self.session.catalog.dropTempView(view)
        self._views.clear()
