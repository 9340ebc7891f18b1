"""Opening, computing, sending a payroll cycle (D13.3). State changes go through the
workflow engine, which locks the cycle row: two runs of the same cycle are serialised,
and the unique constraints of the lines stop any second payment across cycles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, Sum
from django.dispatch import Signal
from django.utils import timezone

from minzheng.assistance.models import Programme
from minzheng.core.audit import audit_record
from minzheng.core.models import Area, AuditAction, User
from minzheng.core.models.places import AreaLevel
from minzheng.core.workflow import ActionNotPermitted
from minzheng.core.workflow.engine import transition
from minzheng.payments.computation import arrears_covered, patch_lines
from minzheng.payments.errors import PaymentError
from minzheng.payments.models import (
    CoveredMonth,
    CycleKind,
    LedgerKind,
    LineStatus,
    PayrollCycle,
    PayrollLine,
)
from minzheng.payments.payroll_sql import delete_lines, insert_covered, insert_lines
from minzheng.payments.reissue import NothingReissued, NotReissued, reissue_lines
from minzheng.payments.services.stops import stops_sweep
from minzheng.payments.workflows import PAYROLL

LABELS = dict(Programme.choices)


def _may_open(actor: User) -> None:
    """Opening a cycle is preparing its computation: the roles that compute (D13.3)."""
    if actor.role not in PAYROLL.find("compute").roles:
        raise ActionNotPermitted(f"您的角色（{actor.get_role_display()}）无权建立发放批次")


def payroll_cycle_open(
    *, actor: User, programme: str, county: Area, month: dt.date
) -> PayrollCycle:
    _may_open(actor)
    if programme not in LABELS:
        raise PaymentError("救助项目：没有这个项目")
    if county.level != AreaLevel.COUNTY:
        raise PaymentError("发放批次按县（区）建立，请选择县（区）")
    if not actor.reaches(county.code):
        raise PaymentError("该县（区）不在您的管辖区域内")
    try:
        with transaction.atomic():
            cycle = PayrollCycle.objects.create(
                programme=programme, area=county, month=month.replace(day=1), created_by=actor
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=cycle,
                summary=f"建立发放批次：{county.name} {LABELS[programme]} {month:%Y-%m}",
            )
    except IntegrityError:
        raise PaymentError(f"{county.name}该项目{month:%Y年%m月}的发放批次已存在") from None
    return cycle


def correction_open(*, actor: User, source: PayrollCycle) -> PayrollCycle:
    """A correction batch (second, third payout) beside a sent regular batch."""
    _may_open(actor)
    if source.status not in ("sent", "reconciled", "closed"):
        raise PaymentError("只有已送银行的批次可以补发")
    if not actor.reaches(source.area_id):
        raise PaymentError("该批次不在您的管辖区域内")
    with transaction.atomic():
        cycle = PayrollCycle.objects.create(
            programme=source.programme,
            area_id=source.area_id,
            month=source.month,
            kind=CycleKind.CORRECTION,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=cycle,
            summary=f"建立补发批次：{LABELS[source.programme]} {source.month:%Y-%m}",
        )
    return cycle


def _store_totals(cycle: PayrollCycle) -> None:
    sums = PayrollLine.objects.filter(cycle=cycle).aggregate(
        n=Count("id"),
        total=Sum("total", filter=~Q(status=LineStatus.HELD)),
        held=Count("id", filter=Q(status=LineStatus.HELD)),
    )
    cycle.line_count, cycle.held_count = sums["n"], sums["held"]
    cycle.total = (sums["total"] or Decimal("0")).quantize(Decimal("0.01"))
    cycle.computed_at = timezone.now()
    PayrollCycle.objects.filter(pk=cycle.pk).update(
        line_count=cycle.line_count,
        held_count=cycle.held_count,
        total=cycle.total,
        computed_at=cycle.computed_at,
    )


# Sent inside the computation's transaction, after the stop sweep and before the lines
# are written: an app whose amounts follow a standard month by month brings its
# enrolments up to date here (benefits: the living subsidy follows the dibao standard,
# D4.3). Receivers get `cycle` and `actor`.
before_lines = Signal()


def payroll_compute(
    *, actor: User, cycle: PayrollCycle, today: dt.date | None = None
) -> PayrollCycle:
    """(Re)compute the lines: allowed in draft and computed only, so an approved cycle
    never changes (the engine refuses the action in any later state). A correction
    batch takes the month's unpaid lines instead (`reissue`)."""
    correction = cycle.kind == CycleKind.CORRECTION
    today = today or timezone.localdate()
    refused: list[NotReissued] = []
    with transaction.atomic():
        transition(cycle, "compute", actor, today=today)  # locks the cycle row
        delete_lines(cycle)  # and the months they claimed (set-based, payroll_sql)
        stops_sweep(actor=actor, prefix=cycle.area_id)  # pays nothing after a stop
        if not correction:  # amounts that follow a standard month by month (benefits)
            before_lines.send(sender=PayrollCycle, cycle=cycle, actor=actor)
        reissued: list[PayrollLine] = []
        if correction:
            reissued, refused = reissue_lines(cycle, today)
            if refused and not reissued:
                raise NothingReissued(refused)
        try:
            with transaction.atomic():
                if correction:  # a re-issue pays months its source claimed
                    PayrollLine.objects.bulk_create(reissued, batch_size=2000)
                else:  # set-based: the database writes the lines (payroll_sql)
                    insert_lines(cycle)
                    patched = patch_lines(cycle)
                    insert_covered(cycle)
                    CoveredMonth.objects.bulk_create(arrears_covered(patched), batch_size=2000)
        except IntegrityError:
            raise PaymentError("有对象本月已由其他批次发放，请刷新后重新计算") from None
        cycle.not_reissued = [r.as_dict() for r in refused]
        PayrollCycle.objects.filter(pk=cycle.pk).update(not_reissued=cycle.not_reissued)
        _store_totals(cycle)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=cycle,
            summary=f"计算发放名册：{cycle.line_count}笔，应发{cycle.total}元，"
            f"暂停{cycle.held_count}笔" + (f"，超过补发时限{len(refused)}笔" if refused else ""),
        )
    return cycle


SENT_TO_LEDGER = """
INSERT INTO payments_ledgerentry
    (kind, amount, programme, area_id, cycle_id, line_id, at, actor_id, note)
SELECT %(kind)s, total, programme, %(area)s, cycle_id, id, %(at)s, %(actor)s, ''
FROM payments_payrollline WHERE cycle_id = %(cycle)s AND status = %(sent)s
"""


def payroll_send(
    *, actor: User, cycle: PayrollCycle, today: dt.date | None = None
) -> PayrollCycle:
    """Hand the approved cycle to the bank: its payable lines become in flight and the
    ledger records each as issued (re-issued in a correction batch); a held line's
    outcome is known that day (the re-issue window counts from it). Set-based: four
    statements whatever the cycle's size (bench/bench_payroll.py)."""
    kind = LedgerKind.REISSUED if cycle.kind == CycleKind.CORRECTION else LedgerKind.ISSUED
    with transaction.atomic():
        transition(cycle, "send", actor)  # locks the cycle: nothing of it is in flight yet
        lines = PayrollLine.objects.filter(cycle=cycle)
        lines.filter(status=LineStatus.PENDING).update(status=LineStatus.SENT)
        lines.filter(status=LineStatus.HELD).update(answered_on=today or timezone.localdate())
        with connection.cursor() as cursor:
            cursor.execute(
                SENT_TO_LEDGER,
                {
                    "kind": kind.value,
                    "area": cycle.area_id,
                    "at": connection.ops.adapt_datetimefield_value(timezone.now()),
                    "actor": actor.pk,
                    "cycle": cycle.pk,
                    "sent": LineStatus.SENT.value,
                },
            )
        sources = lines.filter(status=LineStatus.SENT, reissue_of__isnull=False)
        PayrollLine.objects.filter(pk__in=sources.values("reissue_of_id")).update(
            status=LineStatus.REISSUED
        )
    return cycle
