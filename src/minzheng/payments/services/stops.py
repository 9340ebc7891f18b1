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
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from minzheng.assistance.models import Breach, Enrolment, EnrolmentChange, Programme
from minzheng.assistance.models.enrolment import ChangeKind
from minzheng.core import config
from minzheng.core.audit import audit_record
from minzheng.core.models import Area, AuditAction, LifeStatus, Person, User
from minzheng.payments.computation import months_after
from minzheng.payments.errors import PaymentError
from minzheng.payments.models import (
    STOP_RULES,
    CoveredMonth,
    LineStatus,
    PaymentStop,
    PayrollLine,
    RecoveryOrder,
    StopCause,
)
from minzheng.payments.payees import HOUSEHOLD_PROGRAMMES, payee_of

KEY = "payments.stop.months_after"
LABELS = dict(Programme.choices)
ZERO = Decimal("0.00")


def stop_month(programme: str, event_on: dt.date, area: Area) -> dt.date:
    """The first month not paid: the event's month plus the programme's setting."""
    months = dict(config.config_typed(KEY, on=event_on, area=area))  # type: ignore[call-overload]
    if programme not in months:
        raise PaymentError(f"停发月数：未设置“{LABELS.get(programme, programme)}”的停发月数")
    return months_after(event_on, int(months[programme]))


def _county(enrolment: Enrolment) -> str:
    return enrolment.household.area_id[:6]


def paid_months(enrolment_id: int, person_id: int) -> dict[dt.date, Decimal]:
    """Each month paid to `person` under the enrolment and what it paid: the months of
    its paid lines, a paid re-issue counting the months of its source."""
    paid = PayrollLine.objects.filter(
        enrolment_id=enrolment_id, beneficiary_id=person_id, status=LineStatus.PAID
    ).values_list("id", "reissue_of_id")
    sources = [source or line for line, source in paid]
    rows = CoveredMonth.objects.filter(line_id__in=sources).values_list("month", "amount")
    return dict(rows)


def _claimed(person_id: int, programme: str) -> set[str]:
    """Months already in a stop's recovery order for this person and programme."""
    claimed: set[str] = set()
    for months in RecoveryOrder.objects.filter(
        beneficiary_id=person_id, programme=programme, stop__isnull=False
    ).values_list("months", flat=True):
        claimed.update(months)
    return claimed


def recover_after(stop: PaymentStop, actor: User | None) -> RecoveryOrder | None:
    """A recovery order for what was paid for months from the stop on and not yet
    claimed by another stop's order; None when nothing was."""
    claimed = _claimed(stop.beneficiary_id, stop.programme)
    owed = {
        f"{m:%Y-%m}": amount
        for m, amount in paid_months(stop.enrolment_id, stop.beneficiary_id).items()
        if m >= stop.from_month and f"{m:%Y-%m}" not in claimed
    }
    amount = sum(owed.values(), ZERO)
    if amount <= 0:
        return None
    months = sorted(owed)
    cause = f"{stop.get_cause_display()}后已发放（{stop.from_month:%Y年%m月}起停发）"
    return _order(
        actor,
        f"停发后追回：{'、'.join(months)}共{amount}元",
        beneficiary_id=stop.beneficiary_id,
        programme=stop.programme,
        area_id=_county(stop.enrolment),
        amount=amount,
        months=months,
        reason=f"{cause}：{stop.reason}"[:300],
        rule=stop.rule,
        stop=stop,
    )


def _order(actor: User | None, summary: str, **fields: Any) -> RecoveryOrder:
    """Open an order the system found (audited); its instalment is the whole amount, so
    it is deducted as fast as the declared share allows (D13.5)."""
    order = RecoveryOrder.objects.create(instalment=fields["amount"], created_by=actor, **fields)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=order, summary=summary)
    return order


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
    if PaymentStop.objects.filter(
        enrolment=enrolment, beneficiary=beneficiary, cause=cause
    ).exists():
        return None
    from_month = stop_month(enrolment.programme, event_on, enrolment.household.area)
    if latest is not None:
        from_month = min(from_month, latest.replace(day=1))
    with transaction.atomic():
        stop = PaymentStop.objects.create(
            enrolment=enrolment,
            beneficiary=beneficiary,
            programme=enrolment.programme,
            cause=cause,
            event_on=event_on,
            from_month=from_month,
            rule=STOP_RULES[StopCause(cause)],
            reason=reason[:300],
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=stop,
            area_code=enrolment.household.area_id,
            summary=f"停发：{stop.get_cause_display()}，{from_month:%Y年%m月}起",
        )
        recover_after(stop, actor)
    return stop


def _deaths(prefix: str) -> list[tuple[Enrolment, Person]]:
    """Enrolments whose payee has died while they were (or are) in force."""
    household = Q(
        programme__in=HOUSEHOLD_PROGRAMMES, household__head__life_status=LifeStatus.DECEASED
    )
    personal = ~Q(programme__in=HOUSEHOLD_PROGRAMMES) & Q(
        application__applicant__life_status=LifeStatus.DECEASED
    )
    found = []
    stopped = PaymentStop.objects.filter(enrolment=OuterRef("pk"), cause=StopCause.DEATH)
    for enrolment in (
        Enrolment.objects.within_prefix(prefix)
        .filter(household | personal)
        .exclude(Exists(stopped))
        .select_related("household__head", "household__area", "application__applicant")
    ):
        payee = payee_of(enrolment)
        died = payee.death_date if payee is not None else None
        if payee is None or died is None:
            continue
        if enrolment.ends_on is None or enrolment.ends_on > died.replace(day=1):
            found.append((enrolment, payee))
    return found


def stops_sweep(*, actor: User | None, prefix: str) -> int:
    """Record every stop under `prefix` not yet recorded; returns how many were."""
    made = 0
    for enrolment, payee in _deaths(prefix):
        assert payee.death_date is not None
        made += bool(
            payment_stop(
                actor=actor,
                enrolment=enrolment,
                beneficiary=payee,
                cause=StopCause.DEATH,
                event_on=payee.death_date,
                reason=f"收款人{payee.death_date:%Y年%m月%d日}死亡",
            )
        )
    terminations = (
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
    )
    for change in terminations:
        stopped = payee_of(change.enrolment)
        if stopped is None:
            continue
        decided = timezone.localdate(change.decided_at)
        made += bool(
            payment_stop(
                actor=actor,
                enrolment=change.enrolment,
                beneficiary=stopped,
                cause=StopCause.TERMINATION,
                event_on=decided,
                reason=f"{decided:%Y年%m月%d日}决定终止保障",
                latest=change.effective_on,
            )
        )
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
