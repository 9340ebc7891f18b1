"""Periodic review of an enrolment (D1.16, D1.17, D2.7): re-run the policy engine on
updated facts and keep every change as history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minzheng.assistance.calculator import calculate_for_area
from minzheng.assistance.models import Enrolment, EnrolmentChange, EnrolmentStatus
from minzheng.assistance.services.common import add_months, first_of_next_month
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import AuditAction, User
from minzheng.core.roles import Capability


def _review_request(enrolment: Enrolment, facts: dict[str, Any], on: dt.date) -> dict[str, Any]:
    covered = facts.get("covered_members") or []
    return {
        **{k: v for k, v in facts.items() if k != "covered_members"},
        "decision_date": on.isoformat(),
        "programmes": [enrolment.programme],
        "review": {
            "previous": [
                {
                    "programme": enrolment.programme,
                    "amount": str(enrolment.monthly_amount),
                    "covered_members": covered,
                }
            ]
        },
    }


def _apply(enrolment: Enrolment, result: dict[str, Any], on: dt.date) -> tuple[str, Decimal]:
    """Set the enrolment's new state from the engine's review result; return (kind, amount)."""
    outcome = result["outcome"]
    effective = (
        dt.date.fromisoformat(result["effective_from"])
        if result["effective_from"]
        else first_of_next_month(on)
    )
    amount = Decimal(result["amount"])
    if outcome == "adjust":
        enrolment.monthly_amount = amount
    elif outcome == "gradual_exit":  # D1.17: payment continues for the exit period
        enrolment.status = EnrolmentStatus.GRADUAL_EXIT
        enrolment.ends_on = add_months(effective, int(result["exit_months"]))
    elif outcome == "terminate":  # D2.7: ends from the next month after notice
        enrolment.status, enrolment.ends_on = EnrolmentStatus.ENDED, effective
    if result.get("next_review_months") and enrolment.status != EnrolmentStatus.ENDED:
        enrolment.next_review_on = add_months(
            first_of_next_month(on), int(result["next_review_months"])
        )
    return outcome, amount


@transaction.atomic
def enrolment_review(
    *, actor: User, enrolment: Enrolment, facts: dict[str, Any], on: dt.date
) -> EnrolmentChange:
    """Review on `facts` (a calculator request without dates): unchanged, adjusted,
    gradual exit or termination, each with the engine's reasons and rule numbers."""
    if not actor.can(Capability.EDIT_PERSONAL) or not actor.reaches(enrolment.household.area_id):
        raise PermissionDenied("该保障对象不在您的管辖区域内，或您的角色无权复核")
    if enrolment.status == EnrolmentStatus.ENDED:
        raise ValidationError({"enrolment": "该保障已终止，不能复核"})
    response = calculate_for_area(_review_request(enrolment, facts, on), enrolment.household.area)
    if not response.get("ok"):
        raise ValidationError({e["path"] or "facts": [e["message"]] for e in response["errors"]})
    result = response["reviews"][0]
    before = snapshot(enrolment)
    kind, amount = _apply(enrolment, result, on)
    enrolment.save()
    change = EnrolmentChange.objects.create(
        enrolment=enrolment,
        kind=kind,
        effective_on=dt.date.fromisoformat(result["effective_from"])
        if result["effective_from"]
        else first_of_next_month(on),
        amount_before=Decimal(result["previous_amount"]),
        amount_after=amount,
        reasons=[f"{r['rule']} {r['message']}" for r in result["reasons"]],
        decided_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=enrolment,
        area_code=enrolment.household.area_id,
        before=before,
        after=snapshot(enrolment),
        summary=f"复核：{result['outcome_name']}",
    )
    return change
