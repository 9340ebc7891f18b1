"""Derived tables: wage_months is built at import, exact across batches, refreshed when stale."""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from minzheng.analytics.cases import Case, CaseFileError, case_table
from minzheng.analytics.feeds import derived
from minzheng.analytics.feeds.importer import ReadOptions, import_feed
from minzheng.analytics.keys import KeyTable
from minzheng.analytics.store import Store
from minzheng.analytics.tables import DERIVED_TABLES

OPTIONS = ReadOptions(today=dt.date(2024, 7, 1))
ALICE, BOB = "11010519491231002X", "440524188001010014"


def wage_file(tmp_path: Path, name: str, rows: list[tuple[str, str, str, str]]) -> Path:
    path = tmp_path / name
    lines = ["id_number,month,employer_credit_code,wage"] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def summary(store: Store) -> dict[tuple[str, str], decimal.Decimal]:
    """(ID number, month) → wage; the summary is by person key, mapped back by the store."""
    table = pq.read_table(store.derived_files("wage_months"), partitioning=None)
    assert table.schema.equals(DERIVED_TABLES["wage_months"])
    keys = pq.read_table(KeyTable(store).segments()).to_pylist()
    id_of = {row["person_key"]: row["id_number"] for row in keys}
    return {
        (id_of[row["person_key"]], row["month"].strftime("%Y-%m")): row["wage"]
        for row in table.to_pylist()
    }


def test_an_import_sums_each_persons_month_over_employers_and_batches(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    first = [(ALICE, "2024-05", "A", "1000.00"), (ALICE, "2024-05", "B", "500.50")]
    first.append((BOB, "2024-06", "A", "3000.00"))
    import_feed(store, "social_insurance_wages", wage_file(tmp_path, "may.csv", first), OPTIONS)
    assert summary(store) == {
        (ALICE, "2024-05"): decimal.Decimal("1500.50"),
        (BOB, "2024-06"): decimal.Decimal("3000.00"),
    }
    # a late correction file for June: June is rebuilt from both batches, May is not
    may_file = store.derived_dir("wage_months") / "2024-05.parquet"
    may_before = may_file.stat().st_mtime_ns
    late = wage_file(tmp_path, "late.csv", [(BOB, "2024-06", "C", "200.00")])
    import_feed(store, "social_insurance_wages", late, OPTIONS)
    assert summary(store)[(BOB, "2024-06")] == decimal.Decimal("3200.00")
    assert may_file.stat().st_mtime_ns == may_before
    assert [p.stem for p in store.derived_files("wage_months")] == ["2024-05", "2024-06"]


def test_refresh_rebuilds_only_a_stale_month_and_nothing_when_current(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    rows = [(ALICE, "2024-05", "A", "10.00"), (ALICE, "2024-06", "A", "20.00")]
    import_feed(store, "social_insurance_wages", wage_file(tmp_path, "w.csv", rows), OPTIONS)
    assert derived.refresh(store) == {"wage_months": []}
    (store.derived_dir("wage_months") / "2024-06.parquet").unlink()  # e.g. a killed import
    assert derived.refresh(store) == {"wage_months": ["2024-06"]}
    assert derived.refresh(store, force=True) == {"wage_months": ["2024-05", "2024-06"]}
    assert summary(store)[(ALICE, "2024-06")] == decimal.Decimal("20.00")
    assert not list(store.tmp_dir.iterdir())


def test_cases_give_the_feed_rows_and_the_summary_is_built_from_them() -> None:
    rows = [
        {"id_number": ALICE, "month": "2024-05-01", "wage": "1.00"},
        {"id_number": ALICE, "month": "2024-05-01", "wage": "2.00"},
    ]
    case = Case("W007", "x", "2024-06", {"social_insurance_wages": rows}, [])
    table = case_table("wage_months", case)
    assert table.to_pylist() == [
        {"person_key": 1, "month": dt.date(2024, 5, 1), "wage": decimal.Decimal("3.00")}
    ]
    given = Case("W007", "x", "2024-06", {"wage_months": rows}, [])
    with pytest.raises(CaseFileError, match="源表"):
        case_table("wage_months", given)
    assert (
        derived.summarise(
            "wage_months",
            pa.table(
                {"person_key": [], "month": [], "wage": []},
                schema=pa.schema(
                    [
                        ("person_key", pa.int64()),
                        ("month", pa.date32()),
                        ("wage", pa.decimal128(12, 2)),
                    ]
                ),
            ),
        ).num_rows
        == 0
    )
