"""The engines: one test body on DuckDB and, under the `spark` marker, on Spark local mode.

What an engine must do is small — register Parquet files or Arrow tables under a
table name, run a query to Arrow — so each behaviour is tested once, on every
engine. Results are held to the rule's declared schema whatever the engine gave
(`conform`); a few behaviours belong to one engine only and say so.
"""

from __future__ import annotations

import decimal
import importlib.util
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from minzheng.analytics.engines import Engine, conform, spark_engine
from minzheng.analytics.engines.duckdb_engine import DuckDBEngine
from minzheng.analytics.engines.spark_engine import SparkUnavailable, local_session
from minzheng.analytics.rulefile import RuleError, load_rules
from minzheng.analytics.tables import FEED_TABLES

W001 = load_rules(only=["W001"])[0]
DEATH = {
    "id_number": "11010519491231002X",
    "name": None,  # optional: the name as the department holds it (identity, issue 16)
    "record_id": "R1",
    "death_date": None,
    "source": "health",
    "person_key": 7,
}


@pytest.fixture(params=["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def engine(request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue(f"{request.param}_engine")


def batch_file(tmp_path: Path) -> Path:
    """One published batch of the deaths feed, in a hive-style `batch=` directory."""
    batch = tmp_path / "batch=abc"
    batch.mkdir()
    path = batch / "part-0.parquet"
    pq.write_table(pa.Table.from_pylist([DEATH], FEED_TABLES["deaths"]), path)
    return path


def test_parquet_files_become_a_table_with_exactly_the_declared_columns(
    tmp_path: Path, engine: Engine
) -> None:
    schema = FEED_TABLES["deaths"]
    engine.register_parquet("deaths", [batch_file(tmp_path)], schema)
    result = engine.query("SELECT * FROM deaths")
    assert result.column_names == schema.names  # no hive `batch` column leaks in
    assert result.to_pylist() == [DEATH]


def test_a_narrowed_schema_reads_only_those_columns(tmp_path: Path, engine: Engine) -> None:
    narrowed = pa.schema([FEED_TABLES["deaths"].field("person_key")])
    engine.register_parquet("deaths", [batch_file(tmp_path)], narrowed)
    assert engine.query("SELECT * FROM deaths").to_pylist() == [{"person_key": 7}]


def test_a_feed_never_imported_is_an_empty_table(engine: Engine) -> None:
    engine.register_parquet("vehicles", [], FEED_TABLES["vehicles"])
    assert engine.query("SELECT count(*) AS n FROM vehicles").to_pylist() == [{"n": 0}]


def test_an_arrow_table_replaces_an_earlier_registration(tmp_path: Path, engine: Engine) -> None:
    engine.register_parquet("deaths", [batch_file(tmp_path)], FEED_TABLES["deaths"])
    engine.register_arrow("deaths", FEED_TABLES["deaths"].empty_table())
    assert engine.query("SELECT count(*) AS n FROM deaths").to_pylist() == [{"n": 0}]


def test_registry_tables_can_be_loaded_into_memory_once_on_duckdb(tmp_path: Path) -> None:
    """DuckDB only: Spark caches nothing unless asked, and its tests share one session."""
    schema = pa.schema([("id_number", pa.string()), ("household_id", pa.int64())])
    path = tmp_path / "persons.parquet"
    pq.write_table(pa.table({"id_number": ["11010519491231002X"], "household_id": [1]}), path)
    engine = DuckDBEngine(materialize={"persons"})
    engine.register_parquet("persons", [path], schema)
    path.unlink()  # a materialised table no longer needs its file
    assert engine.query("SELECT household_id FROM persons").to_pylist() == [{"household_id": 1}]
    engine.close()


def test_without_java_spark_is_refused_with_how_to_enable_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setattr(shutil, "which", lambda _: None)
    reason = spark_engine.spark_available()
    assert reason is not None and "java" in reason and "pip install -e '.[spark]'" in reason
    with pytest.raises(SparkUnavailable, match="Java 17"):
        local_session()


def test_a_java_home_without_java_is_a_reason_even_with_java_on_the_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # pyspark starts $JAVA_HOME/bin/java when JAVA_HOME is set (found by the issue-18 re-run)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jdk"))
    monkeypatch.setattr(shutil, "which", lambda _: "/usr/bin/java")
    reason = spark_engine.spark_available()
    assert reason is not None and "JAVA_HOME" in reason and "openjdk-17" in reason


def test_without_pyspark_the_reason_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert "pyspark" in (spark_engine.spark_available() or "")


# Whatever an engine returns is held to the rule's declared schema (`conform`): the
# same for every engine, so tested once on hand-made tables.


def test_results_are_cast_to_the_declared_types() -> None:
    names = W001.output_schema.names
    raw = pa.table(
        {
            name: pa.array([decimal.Decimal("6000.01")], pa.decimal128(38, 2))
            if name == "out_of_pocket"
            else pa.array([1], pa.int32())
            if name == "household_id"
            else pa.array(["x"])
            for name in names
        }
    )
    assert conform(W001, raw).schema == W001.output_schema


def test_money_that_does_not_fit_two_decimals_is_an_error_not_a_rounding() -> None:
    columns = {name: pa.array(["x"]) for name in W001.output_schema.names}
    columns["household_id"] = pa.array([1], pa.int64())
    columns["out_of_pocket"] = pa.array([decimal.Decimal("1.005")], pa.decimal128(38, 3))
    with pytest.raises(RuleError, match="无法转换"):
        conform(W001, pa.table(columns))


def test_columns_in_another_order_are_an_error() -> None:
    names = list(reversed(W001.output_schema.names))
    with pytest.raises(RuleError, match="不一致"):
        conform(W001, pa.table({name: pa.array(["x"]) for name in names}))
