"""Payroll endpoints of the JSON API: cycles and payment lines in the caller's scope,
ID numbers and account numbers masked (D13.2: lists are published masked too)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from minzheng.core.api.access import require
from minzheng.core.api.bounds import MAX_ID
from minzheng.core.masking import mask_id_number
from minzheng.core.paging import PageQuery, audited_page_slice
from minzheng.core.roles import Capability
from minzheng.payments import selectors
from minzheng.payments.models import PayrollCycle, PayrollLine

router = Router(tags=["payments"])


class CycleOut(Schema):
    id: int
    area_code: str
    programme: str
    month: dt.date
    kind: str
    status: str
    line_count: int
    held_count: int
    total: Decimal

    @staticmethod
    def of(c: PayrollCycle) -> CycleOut:
        return CycleOut(
            id=c.pk,
            area_code=c.area_id,
            programme=c.programme,
            month=c.month,
            kind=c.kind,
            status=c.status,
            line_count=c.line_count,
            held_count=c.held_count,
            total=c.total,
        )


class LineOut(Schema):
    id: int
    cycle_id: int
    reference: str
    person_id: int
    household_id: int
    programme: str
    month: dt.date
    payee_name: str
    id_number_masked: str
    account_masked: str
    base: Decimal
    arrears: Decimal
    gradual_exit: Decimal
    deductions: Decimal
    total: Decimal
    basis: dict[str, str]
    status: str
    held_reason: str
    bank_reason: str
    reissue_of: int | None

    @staticmethod
    def of(ln: PayrollLine) -> LineOut:
        return LineOut(
            id=ln.pk,
            cycle_id=ln.cycle_id,
            reference=ln.reference,
            person_id=ln.beneficiary_id,
            household_id=ln.household_id,
            programme=ln.programme,
            month=ln.month,
            payee_name=ln.payee_name,
            id_number_masked=mask_id_number(ln.payee_id_number),
            account_masked=ln.masked_account,
            base=ln.base,
            arrears=ln.arrears,
            gradual_exit=ln.gradual_exit,
            deductions=ln.deductions,
            total=ln.total,
            basis=ln.basis,
            status=ln.status,
            held_reason=ln.held_reason,
            bank_reason=ln.bank_reason,
            reissue_of=ln.reissue_of_id,
        )


class CyclePage(Schema):
    count: int
    page: int
    items: list[CycleOut]


class LinePage(Schema):
    count: int
    page: int
    items: list[LineOut]


class LineQuery(PageQuery):
    cycle: int | None = Field(None, ge=1, le=MAX_ID, description="发放批次ID")
    person: int | None = Field(None, ge=1, le=MAX_ID, description="收款人ID（某人的发放记录）")


@router.get("/cycles", response=CyclePage, summary="发放批次（本辖区县级）")
def cycle_list(request: HttpRequest, page: Query[PageQuery]) -> CyclePage:
    user = require(request, Capability.VIEW_PERSONAL)
    count, rows = audited_page_slice(
        selectors.cycles_visible(user),
        page,
        actor=user,
        object_type="payments.payrollcycle",
        criteria={},
    )
    return CyclePage(count=count, page=page.page, items=[CycleOut.of(c) for c in rows])


@router.get("/lines", response=LinePage, summary="发放明细（本辖区家庭）")
def line_list(request: HttpRequest, page: Query[LineQuery]) -> LinePage:
    user = require(request, Capability.VIEW_PERSONAL)
    qs = selectors.lines_visible(user).order_by("-month", "id")
    if page.cycle is not None:
        qs = qs.filter(cycle_id=page.cycle)
    if page.person is not None:
        qs = qs.filter(beneficiary_id=page.person)
    count, rows = audited_page_slice(
        qs,
        page,
        actor=user,
        object_type="payments.payrollline",
        criteria={"批次": page.cycle or "全部", "收款人": page.person or "全部"},
    )
    return LinePage(count=count, page=page.page, items=[LineOut.of(ln) for ln in rows])
