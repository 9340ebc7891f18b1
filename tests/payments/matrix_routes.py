"""Scope-matrix rows of the payroll pages and API (objects: matrix.py)."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from minzheng.assistance.models import Enrolment
from minzheng.core.models import HouseholdMembership
from minzheng.core.roles import Capability
from minzheng.payments.models import (
    Institution,
    LedgerEntry,
    PayrollCycle,
    PayrollLine,
    Placement,
    RecoveryOrder,
)
from tests.bureau_rules import PAYROLL
from tests.core.matrix_base import Endpoint, Target
from tests.payments.matrix import PaymentsPlace


def _pay(t: Target) -> PaymentsPlace:
    assert t.payments is not None
    return t.payments


def _in(t: Target, status: str, line_status: str = "pending") -> PaymentsPlace:
    place = _pay(t)
    PayrollCycle.objects.filter(pk=place.cycle.pk).update(status=status)
    PayrollLine.objects.filter(pk=place.line.pk).update(status=line_status)
    return place


def _status(t: Target) -> str:
    return PayrollCycle.objects.get(pk=_pay(t).cycle.pk).status


def _return_file(c: Client, t: Target) -> object:
    place = _in(t, "sent", "sent")
    line = place.line
    text = (
        f"20261210|单位|1|613.00\r\n"
        f"{line.reference}|{line.payee_name}|613.00|{line.account_number}|0|\r\n"
    )
    upload = _named(text.encode("utf-8"))
    return c.post(
        f"/payments/cycles/{place.cycle.pk}/return-file/",
        {"layout": "pipe_batch", "encoding": "UTF-8", "file": upload},
    )


def _named(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("return.txt", data, content_type="text/plain")


def _paid(t: Target) -> bool:
    return PayrollLine.objects.get(pk=_pay(t).line.pk).status == "paid"


def _correct(c: Client, t: Target) -> object:
    return c.post(f"/payments/cycles/{_in(t, 'reconciled').cycle.pk}/correction/")


def _corrected(t: Target) -> bool:
    cycle = _pay(t).cycle
    return PayrollCycle.objects.filter(
        kind="correction", area_id=cycle.area_id, month=cycle.month
    ).exists()


def _opened(t: Target) -> bool:
    return PayrollCycle.objects.filter(
        area_id=t.area_code[:6], programme="dibao", month=dt.date(2026, 12, 1)
    ).exists()


ROLL_HEADER = "公民身份号码,姓名,救助项目,月发放金额（元）,起始月份,开户银行,账号,户名"


def _roll_child(t: Target):
    return HouseholdMembership.objects.select_related("person").get(pk=t.membership_id).person


def _roll(c: Client, t: Target) -> object:
    """The household's child on an orphan allowance (a personal programme, so no head
    is needed) from the roll: a county approver's import, refused outside the area."""
    child = _roll_child(t)
    account = "测试银行,6228480000009999"
    row = f"{child.id_number},{child.name},孤儿,900.00,2026-01,{account},{child.name}"
    data = f"{ROLL_HEADER}\n{row}\n".encode()
    return c.post("/payments/roll/", {"file": SimpleUploadedFile("roll.csv", data)})


def _rolled(t: Target) -> bool:
    return Enrolment.objects.filter(
        application__applicant=_roll_child(t), application__track="roll"
    ).exists()


def _in_ledger(t: Target) -> PaymentsPlace:
    """The place's line issued: one ledger entry for the totals to count."""
    place = _pay(t)
    cycle = place.cycle
    LedgerEntry.objects.get_or_create(
        kind="issued",
        line=place.line,
        defaults={
            "amount": place.line.total,
            "programme": cycle.programme,
            "area_id": cycle.area_id,
            "cycle": cycle,
        },
    )
    return place


def _key(t: Target) -> str:
    cycle = _pay(t).cycle
    return f"{cycle.area_id}-{cycle.programme}-{cycle.month:%Y-%m}"


def _totals(c: Client, t: Target, path: str) -> object:
    _in_ledger(t)
    return c.get(path, {"programme": "orphan"})


def _in_sheet(r: object, t: Target) -> bool:
    sheet = load_workbook(io.BytesIO(r.content), read_only=True).active  # type: ignore[attr-defined]
    cycle = _pay(t).cycle
    wanted = [cycle.area_id, f"{cycle.month:%Y-%m}"]
    return any([row[0], row[3]] == wanted for row in sheet.iter_rows(values_only=True))


def _order(t: Target) -> RecoveryOrder:
    return RecoveryOrder.objects.get(pk=_pay(t).recovery.pk)


def _new_code(t: Target) -> str:
    return f"13{t.area_code}MB0X"


def _institution_new(c: Client, t: Target) -> object:
    name = f"新供养中心{t.area_code}"
    return c.post(
        "/payments/institutions/new/",
        {
            "county": t.area_code[:6],
            "name": name,
            "credit_code": _new_code(t),
            "bank": "测试银行",
            "account_number": "1106020309000999999",
            "holder_name": name,
        },
    )


def _institution_edit(c: Client, t: Target) -> object:
    inst = _pay(t).institution
    return c.post(
        f"/payments/institutions/{inst.pk}/edit/",
        {
            "name": inst.name,
            "bank": "新开户银行",
            "account_number": "1106020309000888888",
            "holder_name": inst.name,
        },
    )


INSTITUTION_ROUTES = [
    Endpoint(
        "payments:institution_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/payments/institutions/", {"page": 1}),
        lambda r, t: f'id="institution-{_pay(t).institution.pk}"' in r.content.decode(),  # type: ignore[attr-defined]
        scope="county",
    ),
    Endpoint(
        "payments:institution_new",
        "write",
        Capability.EDIT_PERSONAL,
        _institution_new,
        changed=lambda t: Institution.objects.filter(credit_code=_new_code(t)).exists(),
        roles=PAYROLL["compute"],  # D13.1: the county that runs the payroll records them
        scope="county",
    ),
    Endpoint(
        "payments:institution_detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/payments/institutions/{_pay(t).institution.pk}/"),
        scope="county",
    ),
    Endpoint(
        "payments:institution_edit",
        "write",
        Capability.EDIT_PERSONAL,
        _institution_edit,
        changed=lambda t: Institution.objects.get(pk=_pay(t).institution.pk).bank == "新开户银行",
        roles=PAYROLL["compute"],
        scope="county",
    ),
    Endpoint(
        "payments:placement_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/payments/institutions/{_pay(t).institution.pk}/placements/new/",
            {"id_number": t.loose.id_number, "month": "2026-12"},
        ),
        changed=lambda t: Placement.objects.filter(person=t.loose).exists(),
        roles=PAYROLL["compute"],
        scope="county",
    ),
    Endpoint(
        "payments:placement_leave",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/payments/placements/{_pay(t).placement.pk}/leave/", {"month": "2026-12"}
        ),
        changed=lambda t: Placement.objects.get(pk=_pay(t).placement.pk).ends_on is not None,
        roles=PAYROLL["compute"],
        scope="county",
    ),
]

ROUTES = [
    *INSTITUTION_ROUTES,
    Endpoint(
        "payments:roll_upload",
        "write",
        Capability.EDIT_PERSONAL,
        _roll,
        changed=_rolled,
        roles=PAYROLL["compute"],
    ),
    Endpoint(
        "payments:cycle_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            "/payments/cycles/new/",
            {"county": t.area_code[:6], "programme": "dibao", "month": "2026-12"},
        ),
        changed=_opened,
        roles=PAYROLL["compute"],
        scope="county",
    ),
    Endpoint(
        "payments:correction_new",
        "write",
        Capability.EDIT_PERSONAL,
        _correct,
        changed=_corrected,
        roles=PAYROLL["compute"],
        scope="county",
    ),
    Endpoint(
        "payments:cycle_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/payments/", {"page": 1}),
        lambda r, t: f"/payments/cycles/{_pay(t).cycle.pk}/" in r.content.decode(),  # type: ignore[attr-defined]
        scope="county",
    ),
    Endpoint(
        "payments:cycle_detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/payments/cycles/{_pay(t).cycle.pk}/"),
        scope="county",
    ),
    Endpoint(
        "payments:cycle_act",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(f"/payments/cycles/{_pay(t).cycle.pk}/act/submit/", {}),
        changed=lambda t: _status(t) == "submitted",
        roles=PAYROLL["submit"],
        scope="county",
    ),
    Endpoint(
        "payments:cycle_bank_file",
        "detail",
        Capability.EXPORT_PERSONAL,
        lambda c, t: c.get(
            f"/payments/cycles/{_in(t, 'sent', 'sent').cycle.pk}/bank-file/",
            {"layout": "pipe_batch", "encoding": "GBK"},
        ),
        scope="county",
    ),
    Endpoint(
        "payments:cycle_return_file",
        "write",
        Capability.EDIT_PERSONAL,
        _return_file,
        changed=_paid,
        roles=PAYROLL["reconcile"],
        scope="county",
    ),
    Endpoint(
        "payments:recovery_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/payments/recoveries/", {"page": 1}),
        lambda r, t: f'id="recovery-{_pay(t).recovery.pk}"' in r.content.decode(),  # type: ignore[attr-defined]
        scope="county",
    ),
    Endpoint(
        "payments:recovery_repay",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/payments/recoveries/{_pay(t).recovery.pk}/repay/", {"amount": "1.00"}
        ),
        changed=lambda t: _order(t).recovered > 0,
        roles=frozenset({"county_approver"}),  # D13.5: the county records repayments
        scope="county",
    ),
    Endpoint(
        "payments:recovery_write_off",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/payments/recoveries/{_pay(t).recovery.pk}/write-off/", {"reason": "无力偿还"}
        ),
        changed=lambda t: _order(t).status == "written_off",
        roles=frozenset({"county_approver"}),  # D13.5: written off by the county approver
        scope="county",
    ),
    Endpoint(
        "payments:totals",
        "list",
        Capability.VIEW_DASHBOARD,
        lambda c, t: _totals(c, t, "/payments/totals/"),
        lambda r, t: f'data-key="{_key(t)}"' in r.content.decode(),  # type: ignore[attr-defined]
        scope="county",
    ),
    Endpoint(
        "payments:totals_export",
        "list",
        Capability.VIEW_DASHBOARD,
        lambda c, t: _totals(c, t, "/payments/totals/export/"),
        _in_sheet,
        scope="county",
    ),
    Endpoint(
        "GET /api/v1/payments/cycles",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/payments/cycles", {"page_size": 200}),
        lambda r, t: any(i["id"] == _pay(t).cycle.pk for i in r.json()["items"]),  # type: ignore[attr-defined]
        scope="county",
    ),
    Endpoint(
        "GET /api/v1/payments/lines",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/payments/lines", {"page_size": 200}),
        lambda r, t: any(i["id"] == _pay(t).line.pk for i in r.json()["items"]),  # type: ignore[attr-defined]
    ),
]
