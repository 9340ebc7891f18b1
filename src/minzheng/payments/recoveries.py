"""Recovery orders (D13.5): opened, recovered by deductions from paid lines or
repayments, written off only by the county approver with a reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from minzheng.core.audit import Entry, audit_record, audit_record_many
from minzheng.core.models import Area, AuditAction, Person, User
from minzheng.core.roles import Role
from minzheng.payments.errors import PaymentError
from minzheng.payments.models import (
    LedgerEntry,
    LedgerKind,
    PayrollLine,
    RecoveryOrder,
    RecoveryStatus,
)


def recovery_open(
    *,
    actor: User,
    beneficiary: Person,
    programme: str,
    area: Area,
    amount: Decimal,
    months: list[dt.date],
    reason: str,
    rule: str,
    instalment: Decimal,
) -> RecoveryOrder:
    if amount <= 0 or instalment <= 0:
        raise PaymentError("追回金额和每期扣减须大于零")
    if not reason.strip():
        raise PaymentError("原因：必填")
    if not actor.reaches(area.code):
        raise PaymentError("该对象不在您的管辖区域内")
    with transaction.atomic():
        order = RecoveryOrder.objects.create(
            beneficiary=beneficiary,
            programme=programme,
            area=area,
            amount=amount,
            months=[f"{m:%Y-%m}" for m in months],
            reason=reason.strip(),
            rule=rule,
            instalment=instalment,
            created_by=actor,
        )
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=order, summary=f"追回单：{amount}元"
        )
    return order


def _entry(order: RecoveryOrder, amount: Decimal, actor: User | None, **where: Any) -> LedgerEntry:
    return LedgerEntry(
        kind=LedgerKind.RECOVERED,
        amount=amount,
        programme=order.programme,
        area_id=order.area_id,
        recovery=order,
        actor=actor,
        **where,
    )


def _credit(order: RecoveryOrder, amount: Decimal, actor: User | None, **where: Any) -> None:
    order.recovered += amount
    if order.outstanding <= 0:
        order.status = RecoveryStatus.REPAID
    order.save(update_fields=["recovered", "status"])
    _entry(order, amount, actor, **where).save()


def recover_from_lines(lines: list[PayrollLine], *, actor: User | None) -> None:
    """Paid lines' deductions are money recovered (inside the return import): the
    orders locked and credited in one pass, a ledger entry per line, an audit entry
    per order (in one batch)."""
    if not lines:
        return
    ids = {ln.recovery_id for ln in lines}
    orders = RecoveryOrder.objects.select_for_update().filter(pk__in=ids).order_by("id")
    by_id = {order.pk: order for order in orders}
    entries, credited = [], dict.fromkeys(by_id, Decimal("0.00"))
    for line in lines:
        order = by_id[line.recovery_id]  # type: ignore[index]
        order.recovered += line.deductions
        credited[order.pk] += line.deductions
        if order.outstanding <= 0:
            order.status = RecoveryStatus.REPAID
        entries.append(_entry(order, line.deductions, actor, cycle_id=line.cycle_id, line=line))
    RecoveryOrder.objects.bulk_update(by_id.values(), ["recovered", "status"])
    LedgerEntry.objects.bulk_create(entries, batch_size=2000)
    audit_record_many(
        actor=actor,
        entries=[
            Entry(AuditAction.UPDATE, order, f"发放扣减追回{credited[order.pk]}元")
            for order in by_id.values()
        ],
    )


def recovery_repay(*, actor: User, order: RecoveryOrder, amount: Decimal) -> RecoveryOrder:
    """A repayment by the person (an instalment or the rest), recorded by the county
    approver of the order's county; recovered in the ledger."""
    if actor.role != Role.COUNTY_APPROVER:
        raise PaymentError("只有县级审批人可以登记退还")
    if not actor.reaches(order.area_id):
        raise PaymentError("该追回单不在您的管辖区域内")
    with transaction.atomic():
        order = RecoveryOrder.objects.select_for_update().get(pk=order.pk)
        if order.status != RecoveryStatus.OPEN or not 0 < amount <= order.outstanding:
            raise PaymentError(f"退还金额：须大于零且不超过未追回的{order.outstanding}元")
        _credit(order, amount, actor, note="退还")
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=order, summary=f"退还{amount}元")
    return order


def recovery_write_off(*, actor: User, order: RecoveryOrder, reason: str) -> RecoveryOrder:
    """Only the county approver, of the order's county, with a reason (D6.4, D13.5)."""
    if actor.role != Role.COUNTY_APPROVER:
        raise PaymentError("只有县级审批人可以核销追回单")
    if not actor.reaches(order.area_id):
        raise PaymentError("该追回单不在您的管辖区域内")
    if not reason.strip():
        raise PaymentError("核销理由：必填")
    with transaction.atomic():
        order = RecoveryOrder.objects.select_for_update().get(pk=order.pk)
        if order.status != RecoveryStatus.OPEN:
            raise PaymentError("只有追回中的追回单可以核销")
        order.status, order.written_off_reason = RecoveryStatus.WRITTEN_OFF, reason.strip()
        order.written_off_by, order.written_off_at = actor, timezone.now()
        order.save(
            update_fields=["status", "written_off_reason", "written_off_by", "written_off_at"]
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=order,
            summary=f"核销追回单：未追回{order.outstanding}元",
            after={"reason": order.written_off_reason},
        )
    return order
