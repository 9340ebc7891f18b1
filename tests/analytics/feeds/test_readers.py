"""Reading CSV (UTF-8 / GB18030), Excel and Parquet as text batches with sender row numbers."""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from minzheng.analytics.feeds import readers
from minzheng.analytics.feeds.readers import FileError, detect_encoding, excel_text, open_source

CSV = "公民身份号码,死亡日期\n11010519491231002X,2024-06-03\n440524188001010014,2024-06-04\n"


def rows(path: Path, **kwargs: object) -> list[dict[str, object]]:
    source = open_source(path, decimal_columns=set(), **kwargs)  # type: ignore[arg-type]
    return [row for batch in source.batches for row in batch.to_pylist()]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_either_encoding_is_detected_and_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "deaths.csv"
    path.write_bytes(CSV.encode(encoding))
    assert detect_encoding(path) == ("gb18030" if encoding == "gb18030" else "utf-8")
    assert rows(path) == [
        {"公民身份号码": "11010519491231002X", "死亡日期": "2024-06-03", "_row": 2},
        {"公民身份号码": "440524188001010014", "死亡日期": "2024-06-04", "_row": 3},
    ]


def test_a_gb18030_file_read_as_utf8_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "deaths.csv"
    path.write_bytes(CSV.encode("gb18030"))
    with pytest.raises(FileError, match="编码"):
        rows(path, encoding="utf-8")


def test_excel_rows_keep_their_sheet_numbers_and_cells_read_as_typed(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["公民身份号码", "死亡日期", "金额"])
    sheet.append(["11010519491231002X", dt.datetime(2024, 6, 3), 6000.5])
    sheet.append([None, None, None])  # a blank line: skipped, numbering continues
    sheet.append(["440524188001010014", dt.date(2024, 6, 4), 12])
    path = tmp_path / "deaths.xlsx"
    book.save(path)
    got = rows(path)
    assert [r["_row"] for r in got] == [2, 4]
    assert got[0]["死亡日期"] == "2024-06-03"
    assert got[0]["金额"] == "6000.5"
    assert got[1]["金额"] == "12"


def test_excel_text_never_leaks_float_noise() -> None:
    assert excel_text(0.1 + 0.2) == "0.30000000000000004"
    assert excel_text(1234.5) == "1234.5"
    assert excel_text(3.0) == "3"
    assert excel_text(None) is None


def test_parquet_with_a_float_money_column_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "wages.parquet"
    pq.write_table(pa.table({"id_number": ["11010519491231002X"], "wage": [3000.5]}), path)
    with pytest.raises(FileError, match="浮点数"):
        open_source(path, decimal_columns={"wage"})


def test_parquet_values_arrive_as_text_numbered_from_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "BATCH_ROWS", 2)
    path = tmp_path / "wages.parquet"
    money = pa.array([decimal.Decimal("1.50")] * 3, pa.decimal128(12, 2))
    pq.write_table(pa.table({"wage": money, "month": [dt.date(2024, 6, 1)] * 3}), path)
    got = rows(path)
    assert [r["_row"] for r in got] == [1, 2, 3]
    assert got[0] == {"wage": "1.50", "month": "2024-06-01", "_row": 1}


def test_an_unknown_file_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deaths.dbf"
    path.write_bytes(b"")
    with pytest.raises(FileError, match="不支持的文件类型"):
        rows(path)
