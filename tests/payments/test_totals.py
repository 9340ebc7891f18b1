"""Totals from the ledger (D13.3): by county, programme and month on a page and in
Excel, the leaders' dashboard's paid amounts, and a person's payments through the API
— each in the viewer's area. Every figure is added up by hand from the lines below:
November 500.00 + 700.00 both paid; December 500.00 paid, 700.00 failed."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from minzheng.core.models import AuditEntry
from minzheng.core.panel_figures import area_panel_figures_refresh
from minzheng.payments.models import PayrollLine
from minzheng.payments.recoveries import recovery_open
from tests.core.panels import at_noon, panel
from tests.factories import AREAS
from tests.form_pages import field_error
from tests.payments.conftest import (
    DEC,
    NOV,
    D,
    account_for,
    answer,
    approve_and_send,
    computed_cycle,
    enrol,
    paid_cycle,
)
from tests.payments.conftest import (
    as_user as _as,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(users, pay_settings):
    small = enrol(users["county"], "dibao", "500.00", D(2025, 1, 1))
    large = enrol(users["county"], "dibao", "700.00", D(2025, 1, 1))
    for e in (small, large):
        account_for(users["county"], e.household)
    paid_cycle(users, NOV)
    december = approve_and_send(users, computed_cycle(users["county"], DEC))
    answer(users, december, failing={large.household.head.name})
    return small, large


def _rows(response) -> dict[str, list[str]]:
    import re

    page = response.content.decode()
    table = page.split('id="totals"', 1)[1].split("</table>", 1)[0]
    return {
        key: [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for key, row in re.findall(r'<tr data-key="([^"]+)">(.*?)</tr>', table, re.S)
    }


def test_the_totals_page_adds_the_ledger_by_county_programme_and_month(users, ledger):
    response = _as(users["county"]).get("/payments/totals/")
    assert response.status_code == 200
    assert _rows(response) == {
        # issued 1200.00 = paid 500.00 + failed 700.00
        "320302-dibao-2026-12": [
            "鼓楼区",
            "最低生活保障",
            "2026年12月",
            "1200.00",
            "500.00",
            "700.00",
            "0.00",
        ],
        "320302-dibao-2026-11": [
            "鼓楼区",
            "最低生活保障",
            "2026年11月",
            "1200.00",
            "1200.00",
            "0.00",
            "0.00",
        ],
    }
    page = response.content.decode()
    total = page.split('id="totals-sum"', 1)[1].split("</tr>", 1)[0]
    assert ">2400.00<" in total and ">1700.00<" in total and ">700.00<" in total


def test_totals_are_in_the_viewer_area_only(users, ledger):
    assert _rows(_as(users["county_b"]).get("/payments/totals/")) == {}
    assert _rows(_as(users["township"]).get("/payments/totals/")) == {}  # county figures
    assert len(_rows(_as(users["leader"]).get("/payments/totals/"))) == 2
    assert _as(users["caseworker"]).get("/payments/totals/").status_code == 403


def test_a_bad_filter_is_named_and_a_good_one_filters(users, ledger):
    client = _as(users["county"])
    refused = client.get("/payments/totals/", {"year": "二〇二六"})
    assert refused.status_code == 422
    assert field_error(refused, "year")
    assert _rows(refused) == {}
    assert _rows(client.get("/payments/totals/", {"year": "2025"})) == {}
    assert len(_rows(client.get("/payments/totals/", {"year": "2026", "programme": "dibao"}))) == 2
    assert _rows(client.get("/payments/totals/", {"programme": "orphan"})) == {}


def test_the_totals_export_is_the_page_in_excel_and_is_audited(users, ledger):
    response = _as(users["county"]).get("/payments/totals/export/", {"year": "2026"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "区划代码",
        "县（区）",
        "救助项目",
        "月份",
        "发放（元）",
        "到账（元）",
        "失败退回（元）",
        "追回（元）",
    ]
    assert rows[1][:4] == ["320302", "鼓楼区", "最低生活保障", "2026-12"]
    assert [Decimal(str(v)) for v in rows[1][4:]] == [
        Decimal("1200"),
        Decimal("500"),
        Decimal("700"),
        Decimal("0"),
    ]
    assert len(rows) == 3
    assert AuditEntry.objects.filter(
        action="export", summary__startswith="导出2条", object_type="payments.ledgerentry"
    ).exists()
    bad = _as(users["county"]).get("/payments/totals/export/", {"year": "x"})
    assert bad.status_code == 400 and "年度" in bad.content.decode()


def test_the_dashboard_shows_what_the_bank_paid(users, ledger):
    small, _ = ledger
    recovery_open(
        actor=users["county"],
        beneficiary=small.household.head,
        programme="dibao",
        area=small.household.area.parent.parent,
        amount=Decimal("300.00"),
        months=[NOV],
        reason="多发（测试）",
        rule="D13.5",
        instalment=Decimal("100.00"),
    )
    area_panel_figures_refresh(now=at_noon(D(2026, 12, 20)))
    # The year: 1200.00 (November) + 500.00 (December's paid line) = 1700.00.
    assert panel(AREAS["city"], "资金发放") == {
        "2026年已发放到账（元）": "1,700.00",
        "2026年12月已发放到账（元）": "500.00",
        "追回中金额（元）": "300.00",
    }
    elsewhere = panel(AREAS["county_b"], "资金发放")
    assert list(elsewhere.values()) == ["0.00", "0.00", "0.00"]
    page = _as(users["leader"]).get("/dashboard/").content.decode()
    assert "资金发放" in page and "追回中金额（元）" in page


def test_the_api_lists_a_person_payments_in_scope_masked_and_paged(users, ledger):
    small, _ = ledger
    head = small.household.head
    url = "/api/v1/payments/lines"
    body = _as(users["caseworker"]).get(url, {"person": head.pk, "page_size": 1}).json()
    assert body["count"] == 2 and len(body["items"]) == 1  # November and December, paged
    item = body["items"][0]
    assert (item["person_id"], item["month"], item["status"]) == (head.pk, "2026-12-01", "paid")
    assert head.id_number not in str(body) and "*" in item["account_masked"]
    assert PayrollLine.objects.filter(beneficiary=head).count() == 2
    outside = _as(users["caseworker_b"]).get(url, {"person": head.pk}).json()
    assert outside["count"] == 0  # another county: nothing, not an error naming the person
    schema = _as(users["county"]).get("/api/v1/openapi.json").json()
    params = {p["name"] for p in schema["paths"]["/api/v1/payments/lines"]["get"]["parameters"]}
    assert {"person", "cycle", "page", "page_size"} <= params


def _months_in_ledger(users, first: int, last: int) -> None:
    from minzheng.payments.models import LedgerEntry, PayrollCycle

    for month in range(first, last):
        cycle = PayrollCycle.objects.create(
            programme="orphan",
            area_id="320302",
            month=D(2025, month, 1),
            created_by=users["county"],
        )
        LedgerEntry.objects.create(
            kind="issued",
            amount=Decimal("613.00"),
            programme="orphan",
            area_id="320302",
            cycle=cycle,
        )


def test_the_totals_page_costs_the_same_statements_for_few_rows_or_many(users, pay_settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _as(users["county"])
    _months_in_ledger(users, 1, 3)
    client.get("/payments/totals/")  # the session and the user, loaded once
    with CaptureQueriesContext(connection) as few:
        assert len(_rows(client.get("/payments/totals/"))) == 2
    _months_in_ledger(users, 3, 13)
    with CaptureQueriesContext(connection) as many:
        assert len(_rows(client.get("/payments/totals/"))) == 12
    assert len(many.captured_queries) == len(few.captured_queries)
