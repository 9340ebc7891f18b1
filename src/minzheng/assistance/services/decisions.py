"""Township review, county decision, refusal notice (D1.7–D1.8) and enrolment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.assistance.models import Application, Enrolment, EnrolmentChange
from minzheng.assistance.models.enrolment import ChangeKind
from minzheng.assistance.policy.dates import add_months, first_of_next_month
from minzheng.assistance.services.common import setting_int, today_or
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import AuditAction, User
from minzheng.core.workflow.engine import transition


@transaction.atomic
def application_review(
    *,
    actor: User,
    application: Application,
    opinion: str,
    proposed_amount: Decimal | None,
    today: dt.date | None = None,
) -> Application:
    """The township's opinion (or democratic appraisal) and the proposed amount."""
    if proposed_amount is not None and proposed_amount < 0:
        raise ValidationError({"proposed_amount": "拟保障金额不能为负数"})
    transition(application, "review", actor, note=opinion, today=today_or(today))
    application.proposed_amount = proposed_amount
    application.save(update_fields=["proposed_amount"])
    return application


@transaction.atomic
def application_approve(
    *,
    actor: User,
    application: Application,
    amount: Decimal,
    covered_members: int,
    today: dt.date | None = None,
) -> Enrolment:
    """Approve (D1.8); payment starts the month after, under a new enrolment."""
    today = today_or(today)
    transition(application, "approve", actor, today=today, amount=amount)
    application.decided_amount, application.decided_on = amount, today
    application.save(update_fields=["decided_amount", "decided_on"])
    return enrolment_start(
        actor=actor,
        application=application,
        amount=amount,
        covered_members=covered_members,
        today=today,
    )


@transaction.atomic
def application_refuse(
    *, actor: User, application: Application, reasons: str, today: dt.date | None = None
) -> Application:
    """Refuse with reasons; the written notice is due within 3 working days (D1.8)."""
    today = today_or(today)
    transition(application, "refuse", actor, note=reasons, today=today)
    application.refusal_reasons, application.decided_on = reasons, today
    application.save(update_fields=["refusal_reasons", "decided_on"])
    return application


@transaction.atomic
def refusal_notify(
    *, actor: User, application: Application, today: dt.date | None = None
) -> Application:
    today = today_or(today)
    transition(application, "notify_refusal", actor, today=today)
    application.refusal_notified_on = today
    application.save(update_fields=["refusal_notified_on"])
    return application


def _review_months(application: Application, review_class: str, on: dt.date) -> int:
    key = {"A": "dibao.review.stable_months", "B": "dibao.review.unstable_months"}.get(
        review_class, "assistance.review.class_c_months"
    )
    return setting_int(key, application, on)


@transaction.atomic
def enrolment_start(
    *,
    actor: User,
    application: Application,
    amount: Decimal,
    covered_members: int,
    today: dt.date,
    review_class: str = "A",
) -> Enrolment:
    starts = first_of_next_month(today)
    months = _review_months(application, review_class, today)
    enrolment = Enrolment.objects.create(
        household=application.household,
        programme=application.programme,
        application=application,
        starts_on=starts,
        monthly_amount=amount,
        covered_members=covered_members,
        review_class=review_class,
        next_review_on=add_months(starts, months),
    )
    EnrolmentChange.objects.create(
        enrolment=enrolment,
        kind=ChangeKind.START,
        effective_on=starts,
        amount_after=amount,
        reasons=[f"D1.8 {today:%Y-%m-%d}批准，次月起发放"],
        decided_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=enrolment,
        area_code=application.area_id,
        after=snapshot(enrolment),
        summary=f"{application.number} 纳入保障，{starts:%Y年%m月}起",
    )
    return enrolment
