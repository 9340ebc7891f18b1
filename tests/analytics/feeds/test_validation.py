"""Row validation of feed batches: typed values, and a Chinese reason for every refusal."""

from __future__ import annotations

import datetime as dt
import decimal

import duckdb
import pyarrow as pa
import pytest

from minzheng.analytics.feeds.catalog import FEEDS
from minzheng.analytics.feeds.validation import Rejection, validate_batch

TODAY = dt.date(2024, 7, 1)
PERSON = "11010519491231002X"


def batch(feed: str, rows: list[dict[str, str | None]]) -> pa.Table:
    names = [f.name for f in FEEDS[feed].fields]
    columns = {name: pa.array([row.get(name) for row in rows], pa.string()) for name in names}
    columns["_row"] = pa.array(range(2, len(rows) + 2), pa.int64())
    return pa.table(columns)


def validate(feed: str, rows: list[dict[str, str | None]]) -> tuple[pa.Table, list[Rejection]]:
    return validate_batch(duckdb.connect(), FEEDS[feed], batch(feed, rows), TODAY)


def wage(**changes: str | None) -> dict[str, str | None]:
    return {"id_number": PERSON, "month": "2024-06", "wage": "3000.50", **changes}


def test_values_are_typed_and_money_stays_decimal() -> None:
    typed, rejections = validate(
        "social_insurance_wages", [wage(), wage(month="2024/05", wage="1,200")]
    )
    assert rejections == []
    assert typed.schema == FEEDS["social_insurance_wages"].schema
    assert typed.column("wage").to_pylist() == [
        decimal.Decimal("3000.50"),
        decimal.Decimal("1200"),
    ]
    assert typed.column("month").to_pylist() == [dt.date(2024, 6, 1), dt.date(2024, 5, 1)]


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"wage": "3000.505"}, "wage", "金额格式错误，应为最多两位小数的数字"),
        ({"wage": "1e3"}, "wage", "金额格式错误，应为最多两位小数的数字"),
        ({"wage": "-5.00"}, "wage", "不得为负数"),
        ({"wage": None}, "wage", "必填字段为空"),
        ({"month": "2024-06-15"}, "month", "缴费月份应为某月1日或YYYY-MM"),
        ({"month": "六月"}, "month", "月份无法识别，应为YYYY-MM"),
        (
            {"id_number": "110105194912310021"},
            "id_number",
            "身份证号码校验码错误：第18位应为X，实际为1",
        ),
        ({"id_number": "  "}, "id_number", "必填字段为空"),
    ],
)
def test_a_bad_value_is_refused_with_its_row_field_and_reason(
    changes: dict[str, str | None], field: str, reason: str
) -> None:
    _, rejections = validate("social_insurance_wages", [wage(), wage(**changes)])
    assert [(r.row, r.field, r.reason) for r in rejections] == [(3, field, reason)]


def test_codes_accept_the_chinese_label_and_grades_accept_a_trailing_ji() -> None:
    row = {
        "id_number": PERSON,
        "certificate_number": "C1",
        "disability_type": "智力残疾",
        "grade": "2级",
        "issue_date": "20240605",
        "status": "有效",
    }
    typed, rejections = validate("disability_certificates", [row])
    assert rejections == []
    assert typed.to_pylist()[0] | {"issue_date": None} == {
        **row,
        "name": None,  # optional, not sent
        "disability_type": "intellectual",
        "grade": 2,
        "status": "valid",
        "issue_date": None,
    }


def test_out_of_range_grade_and_unknown_code_list_the_allowed_values() -> None:
    row = {
        "id_number": PERSON,
        "certificate_number": "C1",
        "disability_type": "腿脚不便",
        "grade": "5",
        "issue_date": "2024-06-05",
        "status": "valid",
    }
    _, rejections = validate("disability_certificates", [row])
    reasons = {r.field: r.reason for r in rejections}
    assert reasons["grade"] == "超出范围（1–4）"
    assert reasons["disability_type"].startswith("取值不在允许范围内，应为：visual（视力残疾）")


def test_row_checks_compare_fields_of_one_row() -> None:
    row = {
        "id_number": PERSON,
        "settlement_id": "S1",
        "stay_id": "A1",
        "visit_type": "住院",
        "admission_date": "2024-06-10",
        "discharge_date": "2024-06-01",
        "settlement_date": "2024-06-10",
        "total_cost": "100.00",
        "fund_paid": "50.00",
        "out_of_pocket": "150.00",
    }
    _, rejections = validate("medical_settlements", [row])
    assert {(r.field, r.reason) for r in rejections} == {
        ("out_of_pocket", "个人自付大于医疗总费用"),
        ("discharge_date", "出院日期早于入院日期"),
    }


def test_an_optional_field_may_be_empty() -> None:
    row = {"id_number": PERSON, "registration_id": "U1", "registration_date": "2024-06-01"}
    typed, rejections = validate("unemployment_registrations", [row])
    assert rejections == []
    assert typed.column("end_date").to_pylist() == [None]
