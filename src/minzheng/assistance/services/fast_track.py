"""Credit + assistance (D6): grant on the pledge, verify afterwards, grade breaches."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.assistance.models import Application, Breach, CreditRecord, Grant
from minzheng.assistance.policy.dates import add_months
from minzheng.assistance.services.common import setting_int, today_or
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import AuditAction, User
from minzheng.core.workflow.engine import transition


@transaction.atomic
def fast_grant(
    *, actor: User, application: Application, amount: Decimal, today: dt.date | None = None
) -> Grant:
    """Grant before verification; the verification deadline is set by the engine (D6.3)."""
    today = today_or(today)
    transition(application, "grant", actor, today=today, amount=amount)
    assert application.deadline is not None
    grant = Grant.objects.create(
        application=application,
        amount=amount,
        granted_on=today,
        verify_by=application.deadline,
        granted_by=actor,
    )
    application.decided_amount, application.decided_on = amount, today
    application.save(update_fields=["decided_amount", "decided_on"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=grant,
        area_code=application.area_id,
        after=snapshot(grant),
        summary=f"{application.number} 先行发放{amount}元",
    )
    return grant


@transaction.atomic
def fast_confirm(
    *, actor: User, application: Application, note: str = "", today: dt.date | None = None
) -> Application:
    transition(application, "confirm", actor, note=note or "事后核查属实", today=today_or(today))
    return application


@transaction.atomic
def fast_breach(
    *,
    actor: User,
    application: Application,
    grade: str,
    facts: str,
    stop_assistance: bool,
    recovery_amount: Decimal,
    today: dt.date | None = None,
) -> Breach:
    """A graded breach with its sanctions and a credit record for the configured term (D6.4)."""
    today = today_or(today)
    grant = Grant.objects.get(application=application)
    if recovery_amount < 0 or recovery_amount > grant.amount:
        raise ValidationError({"recovery_amount": f"退回金额应在0至{grant.amount}元之间"})
    transition(application, "find_breach", actor, note=facts, today=today, grade=grade)
    breach = Breach.objects.create(
        grant=grant,
        grade=grade,
        facts=facts,
        stop_assistance=stop_assistance,
        recovery_amount=recovery_amount,
        decided_on=today,
        decided_by=actor,
    )
    months = setting_int(f"fast_track.credit_term_months.{grade}", application, today)
    record = CreditRecord.objects.create(
        person=application.applicant,
        breach=breach,
        grade=grade,
        starts_on=today,
        ends_on=add_months(today, months),  # D6.4: the same day N months on, clamped
        shared_for_joint_sanctions=grade == "severe",
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=breach,
        area_code=application.area_id,
        after={**snapshot(breach), "credit_record_until": str(record.ends_on)},
        summary=f"{application.number} 认定失信（{breach.get_grade_display()}）",
    )
    return breach
