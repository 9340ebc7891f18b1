"""The DuckDB engine: Parquet views, empty inputs, and results held to the declared schema."""

from __future__ import annotations

import decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from minzheng.analytics.engines import conform
from minzheng.analytics.engines.duckdb_engine import DuckDBEngine
from minzheng.analytics.rulefile import RuleError, load_rules
from minzheng.analytics.tables import FEED_TABLES

W001 = load_rules(only=["W001"])[0]


def test_parquet_files_become_a_view_with_exactly_the_declared_columns(
    tmp_path: Path, duckdb_engine: DuckDBEngine
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
    duckdb_engine.register_parquet("deaths", [batch / "part-0.parquet"], schema)
    result = duckdb_engine.query("SELECT * FROM deaths")
    assert result.column_names == schema.names  # no hive `batch` column leaks in


def test_a_feed_never_imported_is_an_empty_table(duckdb_engine: DuckDBEngine) -> None:
    duckdb_engine.register_parquet("deaths", [], FEED_TABLES["deaths"])
    assert duckdb_engine.query("SELECT count(*) AS n FROM deaths").to_pylist() == [{"n": 0}]


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


def test_registry_tables_can_be_loaded_into_memory_once(tmp_path: Path) -> None:
    schema = pa.schema([("id_number", pa.string()), ("household_id", pa.int64())])
    path = tmp_path / "persons.parquet"
    pq.write_table(pa.table({"id_number": ["11010519491231002X"], "household_id": [1]}), path)
    engine = DuckDBEngine(materialize={"persons"})
    engine.register_parquet("persons", [path], schema)
    path.unlink()  # a materialised table no longer needs its file
    assert engine.query("SELECT household_id FROM persons").to_pylist() == [{"household_id": 1}]
    engine.close()
