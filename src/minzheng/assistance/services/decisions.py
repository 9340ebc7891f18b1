"""Township review, county decision, refusal notice (D1.7–D1.8) and enrolment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.assistance.models import Application, Enrolment, EnrolmentChange
from minzheng.assistance.models.enrolment import ChangeKind
from minzheng.assistance.policy.dates import add_months, first_of_next_month
from minzheng.assistance.proposal import proposal_for_application
from minzheng.assistance.public import applicant_tell
from minzheng.assistance.services.common import setting_int, today_or
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import AuditAction, User
from minzheng.core.workflow.engine import transition


def _review_note(
    opinion: str, proposed: Decimal | None, calculated: Decimal | None, why: str
) -> str:
    """The opinion, and why the proposed amount differs from the calculator's (D1.14)."""
    if calculated is None or (proposed or Decimal(0)) == calculated:
        return opinion
    if not why.strip():
        raise ValidationError(
            {"amount_reason": f"拟保障金额与测算金额（{calculated}元/月）不同，请说明理由"}
        )
    return f"{opinion}\n拟保障金额与测算金额（{calculated}元/月）不同，理由：{why.strip()}"


@transaction.atomic
def application_review(
    *,
    actor: User,
    application: Application,
    opinion: str,
    proposed_amount: Decimal | None,
    proposed_members: int | None = None,
    amount_reason: str = "",
    today: dt.date | None = None,
) -> Application:
    """The township's opinion (or democratic appraisal), the proposed amount and people;
    an amount other than the calculator's needs a reason, kept in the history."""
    today = today_or(today)
    if proposed_amount is not None and proposed_amount < 0:
        raise ValidationError({"proposed_amount": "拟保障金额不能为负数"})
    calculated = proposal_for_application(application, today).amount
    note = _review_note(opinion, proposed_amount, calculated, amount_reason)
    transition(application, "review", actor, note=note, today=today)
    application.proposed_amount = proposed_amount
    application.proposed_members = proposed_members
    application.save(update_fields=["proposed_amount", "proposed_members"])
    return application


@transaction.atomic
def application_approve(
    *,
    actor: User,
    application: Application,
    amount: Decimal,
    covered_members: int,
    note: str = "",
    today: dt.date | None = None,
) -> Enrolment:
    """Approve (D1.8); payment starts the month after, under a new enrolment, reviewed
    at the calculator's interval (D1.16)."""
    today = today_or(today)
    transition(application, "approve", actor, today=today, note=note, amount=amount)
    application.decided_amount, application.decided_on = amount, today
    application.save(update_fields=["decided_amount", "decided_on"])
    applicant_tell(application, "decision", result="批准")
    review_class, months = review_schedule(application, today)
    return enrolment_start(
        actor=actor,
        application=application,
        amount=amount,
        covered_members=covered_members,
        today=today,
        review_class=review_class,
        review_months=months,
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
    applicant_tell(application, "decision", result="不予批准")
    return application


@transaction.atomic
def refusal_notify(
    *, actor: User, application: Application, note: str = "", today: dt.date | None = None
) -> Application:
    today = today_or(today)
    transition(application, "notify_refusal", actor, note=note, today=today)
    application.refusal_notified_on = today
    application.save(update_fields=["refusal_notified_on"])
    return application


REVIEW_CLASS_KEYS = {
    "A": "dibao.review.stable_months",
    "B": "dibao.review.unstable_months",
    "C": "assistance.review.class_c_months",
}


def review_schedule(application: Application, on: dt.date) -> tuple[str, int]:
    """(review class, months) from one source: the calculator's D1.16 interval, named by
    the class configured with that many months; programmes without a rulebook cycle
    are reviewed as class A."""
    months = proposal_for_application(application, on).review_months
    configured = {c: setting_int(key, application, on) for c, key in REVIEW_CLASS_KEYS.items()}
    if months is None:
        return "A", configured["A"]
    named = [c for c, m in configured.items() if m == months]
    return (named[0] if named else "C"), months


@transaction.atomic
def enrolment_start(
    *,
    actor: User,
    application: Application,
    amount: Decimal,
    covered_members: int,
    today: dt.date,
    review_class: str,
    review_months: int,
) -> Enrolment:
    starts = first_of_next_month(today)
    enrolment = Enrolment.objects.create(
        household=application.household,
        programme=application.programme,
        application=application,
        starts_on=starts,
        monthly_amount=amount,
        covered_members=covered_members,
        review_class=review_class,
        next_review_on=add_months(starts, review_months),
    )
    EnrolmentChange.objects.create(
        enrolment=enrolment,
        kind=ChangeKind.START,
        effective_on=starts,
        amount_after=amount,
        reasons=[f"{today:%Y-%m-%d}批准，次月起发放"],
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
