"""Stops and the recovery orders they open (D13.5, D2.7, D6.4).

`stops_sweep` finds, under an area, the events that stop a payment — a payee's death
(the registry's life status), an enrolment's termination, a fast-track breach that
stops assistance — and records each once (`PaymentStop`, audited). Payment stops from
the event's month plus the programme's `payments.stop.months_after` (a termination
decided retroactively stops from the month it took effect). Whatever was already paid
for a month from then on becomes a recovery order (amount, months, reason, rule); a
breach's ordered repayment becomes one too. It runs before every payroll computation
(so the next cycle pays nothing from the stop month), after every return file (a line
in flight paid after a stop) and nightly (`minzheng payments_stops`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from minzheng.assistance.models import Breach, Enrolment, EnrolmentChange
from minzheng.assistance.models.enrolment import ChangeKind
from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, LifeStatus, Person, User
from minzheng.payments.models import PaymentStop, RecoveryOrder, StopCause
from minzheng.payments.payees import HOUSEHOLD_PROGRAMMES, payee_of
from minzheng.payments.services.stop_batch import Found, orders_after, record_stops


def recover_after(stop: PaymentStop, actor: User | None) -> RecoveryOrder | None:
    """A recovery order for what was paid for months from the stop on and not yet
    claimed by another stop's order (audited); None when nothing was."""
    opened = orders_after([stop], [stop.enrolment.household.area_id], actor)
    if not opened:
        return None
    order, summary = opened[0]
    order.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=order, summary=summary)
    return order


def _order(actor: User | None, summary: str, **fields: Any) -> RecoveryOrder:
    """Open an order the system found (audited); its instalment is the whole amount, so
    it is deducted as fast as the declared share allows (D13.5)."""
    order = RecoveryOrder.objects.create(instalment=fields["amount"], created_by=actor, **fields)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=order, summary=summary)
    return order


def _found(
    enrolment: Enrolment, payee: Person, cause: str, event_on: dt.date, reason: str
) -> Found:
    return Found(
        enrolment.pk,
        payee.pk,
        enrolment.programme,
        enrolment.household.area_id,
        cause,
        event_on,
        reason,
    )


def payment_stop(
    *,
    actor: User | None,
    enrolment: Enrolment,
    beneficiary: Person,
    cause: str,
    event_on: dt.date,
    reason: str,
    latest: dt.date | None = None,
) -> PaymentStop | None:
    """Record a stop once (None if this cause already stopped this payee), then open
    the recovery order for anything paid after it. `latest`: a month the stop may not
    start after (a termination's own effective month)."""
    found = _found(enrolment, beneficiary, cause, event_on, reason)
    made = record_stops(actor=actor, found=[replace(found, latest=latest)])
    return made[0] if made else None


# Who is paid under an enrolment (`payees.payee_of`), as a lookup from the enrolment.
PAYEE = {True: "household__head", False: "application__applicant"}


def _deaths(prefix: str) -> list[Found]:
    """Enrolments whose payee has died while they were (or are) in force, not yet
    stopped for that payee's death. Driven from the deceased (a semi-join on
    `core_person`, a few thousand rows), not from every enrolment of the area."""
    found = []
    dead = Person.objects.filter(life_status=LifeStatus.DECEASED).values("pk")
    for household, payee in PAYEE.items():
        programmes = Q(programme__in=HOUSEHOLD_PROGRAMMES)
        stopped = PaymentStop.objects.filter(
            enrolment=OuterRef("pk"), beneficiary=OuterRef(payee), cause=StopCause.DEATH
        )
        rows = (
            Enrolment.objects.within_prefix(prefix)
            .filter(programmes if household else ~programmes, **{f"{payee}__in": dead})
            .exclude(Exists(stopped))
            .order_by("pk")
            .values_list(
                "pk", "programme", "household__area_id", "ends_on", payee, f"{payee}__death_date"
            )
        )
        for pk, programme, area_id, ends_on, person, died in rows:
            if died is not None and (ends_on is None or ends_on > died.replace(day=1)):
                reason = f"收款人{died:%Y年%m月%d日}死亡"
                found.append(Found(pk, person, programme, area_id, StopCause.DEATH, died, reason))
    return found


def _terminations(prefix: str) -> list[Found]:
    """Terminations not yet recorded as a stop (the stop never after the month the
    termination took effect)."""
    changes = (
        EnrolmentChange.objects.filter(kind=ChangeKind.TERMINATE)
        .filter(enrolment__household__area__code__startswith=prefix)
        .exclude(
            Exists(
                PaymentStop.objects.filter(
                    enrolment=OuterRef("enrolment"), cause=StopCause.TERMINATION
                )
            )
        )
        .select_related(
            "enrolment__household__head",
            "enrolment__household__area",
            "enrolment__application__applicant",
        )
        .order_by("pk")
    )
    found = []
    for change in changes:
        stopped = payee_of(change.enrolment)
        if stopped is None:
            continue
        decided = timezone.localdate(change.decided_at)
        reason = f"{decided:%Y年%m月%d日}决定终止保障"
        one = _found(change.enrolment, stopped, StopCause.TERMINATION, decided, reason)
        found.append(replace(one, latest=change.effective_on))
    return found


def stops_sweep(*, actor: User | None, prefix: str) -> int:
    """Record every stop under `prefix` not yet recorded; returns how many were. The
    deaths and terminations of the area are recorded in bulk (`stop_batch`)."""
    made = len(record_stops(actor=actor, found=_deaths(prefix) + _terminations(prefix)))
    stopped_household = PaymentStop.objects.filter(
        enrolment__household=OuterRef("grant__application__household"), cause=StopCause.BREACH
    )
    ordered = RecoveryOrder.objects.filter(breach=OuterRef("pk"))
    breaches = (
        Breach.objects.alias(has_stop=Exists(stopped_household), has_order=Exists(ordered))
        .filter(
            Q(stop_assistance=True, has_stop=False) | Q(recovery_amount__gt=0, has_order=False),
            grant__application__area__code__startswith=prefix,
        )
        .select_related("grant__application__household__area", "grant__application__applicant")
    )
    for breach in breaches:
        made += _breach(breach, actor)
    return made


def _breach(breach: Breach, actor: User | None) -> int:
    """A breach stops the household's enrolments of the programme when its sanction
    says so, and its ordered repayment is recovered (D6.4)."""
    application = breach.grant.application
    made = 0
    if breach.stop_assistance:
        enrolments = Enrolment.objects.filter(
            household=application.household, programme=application.programme
        ).select_related("household__head", "household__area", "application__applicant")
        for enrolment in enrolments:
            payee = payee_of(enrolment)
            if payee is None or (enrolment.ends_on and enrolment.ends_on <= breach.decided_on):
                continue
            made += bool(
                payment_stop(
                    actor=actor,
                    enrolment=enrolment,
                    beneficiary=payee,
                    cause=StopCause.BREACH,
                    event_on=breach.decided_on,
                    reason=f"{application.number}认定失信（{breach.get_grade_display()}），停止救助",
                )
            )
    if breach.recovery_amount > 0 and not RecoveryOrder.objects.filter(breach=breach).exists():
        with transaction.atomic():
            _order(
                actor,
                f"失信责令退回：{breach.recovery_amount}元",
                beneficiary_id=application.applicant_id,
                programme=application.programme,
                area_id=application.household.area_id[:6],
                amount=breach.recovery_amount,
                months=[f"{breach.grant.granted_on:%Y-%m}"],
                reason=f"{application.number}认定失信，责令退回先行发放的救助金",
                rule="D6.4",
                breach=breach,
            )
        made += 1
    return made
