"""Input tables: registry snapshot files (single or chunked) and their schemas."""

from __future__ import annotations

from pathlib import Path

import pytest

from minzheng.analytics.tables import INPUT_TABLES, MissingInput, registry_files, sqlglot_schema


def test_a_registry_table_is_one_file_or_a_directory_of_parts(tmp_path: Path) -> None:
    (tmp_path / "persons.parquet").write_bytes(b"")
    (tmp_path / "households").mkdir()
    for part in ("part-1.parquet", "part-0.parquet"):
        (tmp_path / "households" / part).write_bytes(b"")
    assert registry_files(tmp_path, "persons") == [tmp_path / "persons.parquet"]
    assert [p.name for p in registry_files(tmp_path, "households")] == [
        "part-0.parquet",
        "part-1.parquet",
    ]
    with pytest.raises(MissingInput, match="areas"):
        registry_files(tmp_path, "areas")


def test_money_columns_are_typed_as_decimals_for_the_rule_checker() -> None:
    schema = sqlglot_schema()
    assert schema["households"]["monthly_income"] == "DECIMAL(12, 2)"
    assert schema["medical_settlements"]["out_of_pocket"] == "DECIMAL(12, 2)"
    assert set(schema) == set(INPUT_TABLES)
