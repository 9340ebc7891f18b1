"""The payroll pages through HTTP as named users: compute, submit, a refused approval
shown on the page (422), approval by a second county approver, the bank file, a return
file with one failure, and the API lists with masked numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from minzheng.core.models import Area, AuditEntry
from minzheng.payments.models import PayrollCycle, PayrollLine
from minzheng.payments.services.payroll import payroll_cycle_open
from tests.factories import AREAS
from tests.payments.conftest import DEC, D, account_for, enrol
from tests.payments.conftest import as_user as _as

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(users, pay_settings) -> PayrollCycle:
    for amount in ("500.00", "700.00"):
        e = enrol(users["county"], "dibao", amount, D(2025, 1, 1))
        account_for(users["county"], e.household)
    return payroll_cycle_open(
        actor=users["county"],
        programme="dibao",
        county=Area.objects.get(code=AREAS["county_a"]),
        month=DEC,
    )


def _act(client: Client, cycle: PayrollCycle, action: str, note: str = ""):
    return client.post(f"/payments/cycles/{cycle.pk}/act/{action}/", {f"{action}-note": note})


def test_a_cycle_from_computation_to_reconciled_through_the_pages(users, cycle):
    county, second = _as(users["county"]), _as(users["county_2"])
    assert _act(county, cycle, "compute").status_code == 302
    page = county.get(f"/payments/cycles/{cycle.pk}/").content.decode()
    assert "1200.00 元" in page and "6228****" in page  # the account number masked
    assert _act(county, cycle, "submit").status_code == 302
    refused = _act(county, cycle, "approve")
    assert refused.status_code == 422
    assert "报批人不能审批自己报送的发放批次" in refused.content.decode()
    assert _act(second, cycle, "approve").status_code == 302
    assert _act(county, cycle, "send").status_code == 302
    bank = county.get(
        f"/payments/cycles/{cycle.pk}/bank-file/", {"layout": "pipe_batch", "encoding": "GBK"}
    )
    assert bank.status_code == 200
    text = bank.content.decode("gbk").splitlines()
    assert text[0].endswith("|鼓楼区民政局|2|1200.00")
    a, b = PayrollLine.objects.filter(cycle=cycle).order_by("id")
    answer = (
        "20261210|鼓楼区民政局|2|1200.00\r\n"
        f"{a.reference}|{a.payee_name}|500.00|{a.account_number}|0|\r\n"
        f"{b.reference}|{b.payee_name}|700.00|{b.account_number}|1|账户已冻结\r\n"
    ).encode("gbk")
    done = county.post(
        f"/payments/cycles/{cycle.pk}/return-file/",
        {"layout": "pipe_batch", "encoding": "GBK", "file": SimpleUploadedFile("r.txt", answer)},
    )
    assert done.status_code == 302
    assert PayrollCycle.objects.get(pk=cycle.pk).status == "reconciled"
    assert PayrollLine.objects.get(pk=b.pk).bank_reason == "账户已冻结"
    assert AuditEntry.objects.filter(action="export", object_type="payments.payrollline").exists()


def test_the_county_approver_opens_a_cycle_on_the_list_page(users, pay_settings):
    county = _as(users["county"])
    assert "建立发放批次" in county.get("/payments/").content.decode()
    data = {"county": AREAS["county_a"], "programme": "dibao", "month": "2026-13"}
    refused = county.post("/payments/cycles/new/", data)
    assert refused.status_code == 422 and "请按“年-月”填写月份" in refused.content.decode()
    assert county.post("/payments/cycles/new/", {**data, "month": "2026-12"}).status_code == 302
    again = county.post("/payments/cycles/new/", {**data, "month": "2026-12"})
    assert again.status_code == 422 and "发放批次已存在" in again.content.decode()
    city = _as(users["city"]).post("/payments/cycles/new/", {**data, "month": "2027-01"})
    assert city.status_code == 403
    assert PayrollCycle.objects.count() == 1


def test_a_refused_return_file_is_reported_line_by_line_on_the_page(users, cycle):
    county, second = _as(users["county"]), _as(users["county_2"])
    for client, action in ((county, "compute"), (county, "submit"), (second, "approve")):
        _act(client, cycle, action)
    _act(county, cycle, "send")
    a = PayrollLine.objects.filter(cycle=cycle).order_by("id").first()
    bad = f"20261210|x|1|500.00\r\n{a.reference}|他人|500.00|{a.account_number}|0|\r\n"
    upload = SimpleUploadedFile("r.txt", bad.encode())
    page = county.post(
        f"/payments/cycles/{cycle.pk}/return-file/",
        {"layout": "pipe_batch", "encoding": "UTF-8", "file": upload},
    )
    assert page.status_code == 422
    assert "第2行：户名与发放名单不符" in page.content.decode()
    assert not PayrollLine.objects.filter(cycle=cycle, status="paid").exists()


def test_a_township_reviewer_cannot_compute_the_county_payroll(users, cycle):
    response = _act(_as(users["township"]), cycle, "compute")
    assert response.status_code == 404  # the county's cycle is outside a township
    assert PayrollCycle.objects.get(pk=cycle.pk).status == "draft"


def test_the_api_lists_lines_in_scope_with_numbers_masked(users, cycle):
    _act(_as(users["county"]), cycle, "compute")
    body = _as(users["caseworker"]).get("/api/v1/payments/lines").json()
    assert body["count"] == 2  # both households live in the caseworker's community
    item = body["items"][0]
    assert item["account_masked"].startswith("6228") and "*" in item["account_masked"]
    assert "*" in item["id_number_masked"]
    assert Decimal(item["total"]) == Decimal("500.00")
    assert _as(users["caseworker_b"]).get("/api/v1/payments/lines").json()["count"] == 0
    cycles = _as(users["county"]).get("/api/v1/payments/cycles").json()
    assert [c["total"] for c in cycles["items"]] == ["1200.00"]
