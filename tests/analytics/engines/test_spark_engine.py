"""The Spark engine: clear refusal without pyspark or Java, Parquet views in local mode."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from minzheng.analytics.engines import spark_engine
from minzheng.analytics.engines.spark_engine import (
    SparkEngine,
    SparkUnavailable,
    local_session,
    spark_available,
)
from minzheng.analytics.tables import FEED_TABLES


def test_without_java_spark_is_refused_with_how_to_enable_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _: None)
    reason = spark_available()
    assert reason is not None and "java" in reason and "pip install -e '.[spark]'" in reason
    with pytest.raises(SparkUnavailable, match="Java 17"):
        local_session()


def test_without_pyspark_the_reason_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert "pyspark" in (spark_engine.spark_available() or "")


@pytest.mark.spark
def test_parquet_and_empty_tables_register_as_views(
    tmp_path: Path, spark_engine: SparkEngine
) -> None:
    schema = FEED_TABLES["deaths"]
    batch = tmp_path / "batch=abc"
    batch.mkdir()
    rows = [
        {
            "id_number": "11010519491231002X",
            "record_id": "R1",
            "death_date": None,
            "source": "health",
        }
    ]
    pq.write_table(pa.Table.from_pylist(rows, schema), batch / "part-0.parquet")
    spark_engine.register_parquet("deaths", [batch / "part-0.parquet"], schema)
    spark_engine.register_parquet("vehicles", [], FEED_TABLES["vehicles"])
    result = spark_engine.query("SELECT * FROM deaths")
    assert result.column_names == schema.names
    assert spark_engine.query("SELECT count(*) AS n FROM vehicles").to_pylist() == [{"n": 0}]
