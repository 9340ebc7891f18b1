"""The Excel import: every row checked first, nothing written unless all pass, every
rejected row reported with its row number, column and Chinese reason; the export has
the import's columns (the legal representative's ID number masked)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from minzheng.core.models import AuditEntry
from minzheng.organisations.models import Organisation
from minzheng.organisations.spreadsheet import COLUMNS
from tests.form_pages import shown_after
from tests.organisations.factories import credit_code, org_data

pytestmark = pytest.mark.django_db


def _upload(rows: list[dict[str, object]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append([h for _, h in COLUMNS])
    for row in rows:
        sheet.append([row.get(key, "") for key, _ in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("社会组织.xlsx", buffer.getvalue())


def _row(**over: object) -> dict[str, object]:
    return {**org_data(**{"org_type": "社会团体", **over}), "decision": "徐民登〔2026〕1号"}


def _reported(response) -> list[tuple[str, str, str]]:
    page = response.content.decode()
    table = page[page.index('id="import-errors"') :]
    cells = re.findall(r"<tr><td class=\"num\">(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", table)
    return [(a, b, c) for a, b, c in cells]


@pytest.fixture
def county(users, org_settings):
    client = Client()
    client.force_login(users["county"])
    return client


def test_one_bad_row_imports_nothing_and_every_problem_is_named(county):
    good = _row(name="甲协会", credit_code=credit_code(serial=7001))
    rows = [
        good,
        _row(name="乙协会", credit_code="51320300MJ51740528"),  # row 3: wrong check character
        _row(
            name="甲协会",
            credit_code=credit_code(serial=7002),
            registered_on="2026-02-30",
            registered_capital="-5",
        ),  # row 4: same name as row 2, no such date, negative
        _row(name="丙基金会", credit_code=credit_code("association", 7003), org_type="基金会"),
    ]
    response = county.post("/organisations/import/", {"file": _upload(rows)})
    assert response.status_code == 422
    assert _reported(response) == [
        ("第3行", "统一社会信用代码", "统一社会信用代码校验码错误"),
        ("第4行", "名称", "与第2行重复"),
        ("第4行", "注册资金（元）", "注册资金应为不小于0的金额，最多两位小数"),
        ("第4行", "成立登记日期", "成立登记日期应为日期，如 2024-03-15"),
        ("第5行", "统一社会信用代码", "统一社会信用代码第2位应为3，与组织类型不符"),
    ]
    assert not Organisation.objects.exists()


def test_a_missing_column_is_reported_on_the_header_row(county):
    book = Workbook()
    book.active.append(["名称", "统一社会信用代码"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = county.post(
        "/organisations/import/", {"file": SimpleUploadedFile("x.xlsx", buffer.getvalue())}
    )
    assert ("第1行", "组织类型", "缺少“组织类型”列，请使用导出的表格作为模板") in _reported(
        response
    )


def test_a_clean_file_is_imported_at_once_and_exported_back(county):
    rows = [
        _row(
            name="甲协会",
            credit_code=credit_code(serial=7011),
            legal_rep_id_number="11010519491231002X",
        ),
        _row(
            name="乙协会", credit_code=credit_code(serial=7012), registered_on=dt.date(2023, 5, 6)
        ),
    ]
    done = county.post("/organisations/import/", {"file": _upload(rows)})
    assert shown_after(county, done) == "导入完成：登记社会组织2个"
    assert Organisation.objects.count() == 2
    assert (
        AuditEntry.objects.filter(
            action="import", object_type="organisations.organisation"
        ).count()
        == 2
    )
    exported = county.get("/organisations/export/")
    sheet = load_workbook(io.BytesIO(exported.content)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert list(lines[0]) == [h for _, h in COLUMNS]
    by_name = {line[0]: dict(zip([k for k, _ in COLUMNS], line, strict=True)) for line in lines}
    first = by_name["甲协会"]
    assert (first["name"], first["legal_rep_id_number"]) == ("甲协会", "1101**********002X")
    assert (first["org_type"], first["decision"]) == ("社会团体", "徐民登〔2026〕1号")
