"""Fixtures of the analytics tests: engines, one shared Spark session, a tiny city.

Spark starts a JVM (seconds), so one local[2] session serves the whole test
session. When pyspark or Java is missing, Spark tests are skipped with the
reason and how to enable them (`-ra` prints it) — never silently; under CI the
same message fails the run (`tests.components.missing_component`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from minzheng.analytics.engines.duckdb_engine import DuckDBEngine
from minzheng.analytics.engines.spark_engine import SparkEngine, local_session, spark_available
from minzheng.analytics.feeds.synthetic import write_feeds
from minzheng.analytics.store import Store
from minzheng.synth.parquet import write_city
from tests.components import missing_component

TINY_PERIOD = "2024-09"


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    reason = spark_available()
    if reason:
        missing_component(f"Spark 测试无法运行 (Spark tests cannot run): {reason}")
    session = local_session(cores=2, driver_memory="512m")
    yield session
    session.stop()


@pytest.fixture
def spark_engine(spark_session: Any) -> Iterator[SparkEngine]:
    engine = SparkEngine(spark_session)
    yield engine
    engine.close()


@pytest.fixture
def duckdb_engine() -> Iterator[DuckDBEngine]:
    engine = DuckDBEngine(threads=2)
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def tiny_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4,000-resident synthetic city (registry snapshot only), shared read-only."""
    registry = tmp_path_factory.mktemp("registry")
    write_city(registry, seed=7, residents=4_000, chunk_size=2_000, progress=False)
    return registry


@pytest.fixture(scope="session")
def tiny_feeds(tiny_city: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic feeds for the tiny city, in a feed store that tests copy before writing."""
    root = tmp_path_factory.mktemp("feeds")
    write_feeds(Store(root), tiny_city, period=TINY_PERIOD, seed=7, threads=2)
    return root
