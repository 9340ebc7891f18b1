"""Periodic review of an enrolment (D1.16, D1.17, D2.7): re-run the policy engine on
updated facts and keep every change as history."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.assistance.models import Enrolment, EnrolmentChange, EnrolmentStatus
from minzheng.assistance.policy.dates import add_months, first_of_next_month
from minzheng.assistance.policy.facts import Household
from minzheng.assistance.policy.review import PreviousDecision, ReviewResult
from minzheng.assistance.policy.vocabulary import Programme, ReviewOutcome
from minzheng.assistance.policy_adapter import review_decision
from minzheng.assistance.services.common import authorize
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import AuditAction, User


def _apply(enrolment: Enrolment, result: ReviewResult, on: dt.date) -> dt.date:
    """Set the enrolment's new state from the engine's review result; return the date
    the change takes effect."""
    effective = result.effective_from or first_of_next_month(on)
    outcome = result.outcome
    if outcome is ReviewOutcome.ADJUST:
        enrolment.monthly_amount = result.amount
    elif outcome is ReviewOutcome.GRADUAL_EXIT:  # D1.17: payment continues for the exit period
        enrolment.status = EnrolmentStatus.GRADUAL_EXIT
        enrolment.ends_on = add_months(effective, result.exit_months)
    elif outcome is ReviewOutcome.TERMINATE:  # D2.7: ends from the next month after notice
        enrolment.status, enrolment.ends_on = EnrolmentStatus.ENDED, effective
    if result.next_review_months and enrolment.status != EnrolmentStatus.ENDED:
        enrolment.next_review_on = add_months(first_of_next_month(on), result.next_review_months)
    return effective


@transaction.atomic
def enrolment_review(
    *, actor: User, enrolment: Enrolment, facts: Household, covered: tuple[str, ...], on: dt.date
) -> EnrolmentChange:
    """Review on the household's `facts` on `on` (`covered`: the engine's ids of the
    members covered by the decision in force): unchanged, adjusted, gradual exit or
    termination, each with the engine's reasons and rule numbers."""
    authorize(actor, enrolment.household)
    if enrolment.status == EnrolmentStatus.ENDED:
        raise ValidationError({"enrolment": "该保障已终止，不能复核"})
    previous = PreviousDecision(Programme(enrolment.programme), enrolment.monthly_amount, covered)
    result = review_decision(facts, previous, enrolment.household.area)
    before = snapshot(enrolment)
    effective = _apply(enrolment, result, on)
    enrolment.save()
    change = EnrolmentChange.objects.create(
        enrolment=enrolment,
        kind=result.outcome.value,
        effective_on=effective,
        amount_before=result.previous_amount,
        amount_after=result.amount,
        reasons=[r.message for r in result.reasons],
        decided_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=enrolment,
        area_code=enrolment.household.area_id,
        before=before,
        after=snapshot(enrolment),
        summary=f"复核：{result.outcome.label}",
    )
    return change
