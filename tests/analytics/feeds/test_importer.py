"""Feed import: all of a file or none of it, every refusal reported, no file imported twice."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from minzheng.analytics.feeds import readers
from minzheng.analytics.feeds.importer import ImportResult, ReadOptions, import_feed
from minzheng.analytics.store import Store

OPTIONS = ReadOptions(today=dt.date(2024, 7, 1))
HEADER = "id_number,record_id,death_date,source\n"
GOOD = "11010519491231002X,R1,2024-06-03,公安户籍注销\n440524188001010014,R2,2024-06-05,health\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def imported(store: Store, feed: str) -> list[dict[str, object]]:
    return pq.read_table(store.feed_files(feed), partitioning=None).to_pylist()


def report(result: ImportResult) -> list[list[str]]:
    assert result.report is not None
    with result.report.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_a_valid_csv_is_published_as_one_typed_batch(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    result = import_feed(store, "deaths", write(tmp_path / "d.csv", HEADER + GOOD), OPTIONS)
    assert (result.status, result.rows) == ("imported", 2)
    rows = sorted(imported(store, "deaths"), key=lambda row: str(row["record_id"]))
    assert rows[0] == {
        "id_number": "11010519491231002X",
        "name": None,  # the file has no 姓名 column: optional
        "record_id": "R1",
        "death_date": dt.date(2024, 6, 3),
        "source": "public_security",
        "person_key": 1,  # the store's first key: ID numbers are keyed in order
    }
    assert rows[1]["person_key"] == 2
    assert not [p for p in (store.root / "tmp").iterdir() if not p.name.startswith("duckdb")]


def test_the_same_file_twice_is_recognised_and_not_duplicated(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    first = import_feed(store, "deaths", write(tmp_path / "a.csv", HEADER + GOOD), OPTIONS)
    again = import_feed(store, "deaths", write(tmp_path / "renamed.csv", HEADER + GOOD), OPTIONS)
    assert (first.status, again.status) == ("imported", "duplicate")
    assert again.batch_dir == first.batch_dir
    assert len(imported(store, "deaths")) == 2


def test_one_bad_row_refuses_the_whole_file_and_the_report_names_each_failure(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "store")
    bad = GOOD + "110105194912310021,R3,2024-06-31,xx\n"
    result = import_feed(store, "deaths", write(tmp_path / "d.csv", HEADER + bad), OPTIONS)
    assert (result.status, result.rejected_rows) == ("rejected", 1)
    assert store.feed_files("deaths") == []
    lines = report(result)
    assert lines[0] == ["行号", "字段", "原始值", "原因"]
    assert [line[:2] for line in lines[1:]] == [
        ["4", "死亡日期（death_date）"],
        ["4", "公民身份号码（id_number）"],
        ["4", "数据来源（source）"],
    ]
    assert lines[2][3] == "身份证号码校验码错误：第18位应为X，实际为1"


def test_a_bad_row_in_a_later_batch_still_refuses_the_earlier_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "BATCH_ROWS", 2)
    rows = [{"id_number": "11010519491231002X", "month": "2024-06", "wage": "100.00"}] * 5
    rows.append({"id_number": "11010519491231002X", "month": "2024-06", "wage": "abc"})
    path = tmp_path / "wages.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    result = import_feed(Store(tmp_path / "store"), "social_insurance_wages", path, OPTIONS)
    assert (result.status, result.rejected_rows) == ("rejected", 1)
    assert report(result)[1][:2] == ["6", "缴费工资（wage）"]


def test_gb18030_csv_with_chinese_headers_is_imported(tmp_path: Path) -> None:
    text = "公民身份号码,记录编号,死亡日期,数据来源\n11010519491231002x,R9,2024/06/07,火化记录\n"
    store = Store(tmp_path / "store")
    result = import_feed(store, "deaths", write(tmp_path / "gb.csv", text, "gb18030"), OPTIONS)
    assert result.status == "imported"
    assert imported(store, "deaths")[0]["id_number"] == "11010519491231002X"


def test_an_excel_file_is_imported(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["公民身份号码", "号牌号码", "车辆类型", "车辆状态"])
    sheet.append(["440524188001010014", "苏C12345", "小型汽车", "正常"])
    path = tmp_path / "vehicles.xlsx"
    book.save(path)
    store = Store(tmp_path / "store")
    assert import_feed(store, "vehicles", path, OPTIONS).status == "imported"
    assert imported(store, "vehicles")[0]["vehicle_type"] == "car"


def test_a_missing_required_column_refuses_the_file_with_a_file_level_line(tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv", "id_number,record_id\n11010519491231002X,R1\n")
    result = import_feed(Store(tmp_path / "store"), "deaths", path, OPTIONS)
    assert result.status == "rejected"
    assert report(result)[1] == ["-", "整个文件", "", "缺少必需的列：死亡日期（death_date）"]


def test_a_large_csv_is_validated_in_batches(tmp_path: Path) -> None:
    n = 30_000
    table = pa.table(
        {
            "id_number": ["11010519491231002X"] * n,
            "month": ["2024-06"] * n,
            "wage": [f"{i}.50" for i in range(n)],
        }
    )
    path = tmp_path / "wages.csv"
    pacsv.write_csv(table, path)
    store = Store(tmp_path / "store")
    result = import_feed(store, "social_insurance_wages", path, OPTIONS)
    assert (result.status, result.rows) == ("imported", n)
    assert len(imported(store, "social_insurance_wages")) == n
