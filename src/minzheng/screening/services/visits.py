"""Recording a visit to a campaign target (each visit is one person-time)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import AuditAction, User
from minzheng.screening.models import CampaignTarget, Round, Visit, VisitMethod, VisitOutcome
from minzheng.screening.services.common import authorize_field_work, today_or
from minzheng.screening.services.tracking import Placement, key_household_place


def round_on(target: CampaignTarget, day: dt.date) -> Round | None:
    """The round a visit on `day` counts for: the latest one started by then. A visit
    after the deadline and before the next round still covers the target, late."""
    return target.campaign.rounds.filter(starts_on__lte=day).order_by("-starts_on").first()


def _checked_round(
    target: CampaignTarget,
    visited_on: dt.date,
    method: str,
    outcome: str,
    situation: str,
    today: dt.date,
) -> Round:
    """The visit's round, or every problem with the input at once (as field errors)."""
    errors: dict[str, str] = {}
    if target.campaign.status != "active":
        errors["__all__"] = "排查活动未启动或已结束，不能登记走访"
    if visited_on > today:
        errors["visited_on"] = "走访日期不能晚于今天"
    found = round_on(target, visited_on)
    if found is None and "visited_on" not in errors:
        errors["visited_on"] = "该日期不在任何排查轮次内"
    if method not in VisitMethod.values:
        errors["method"] = "走访方式不正确"
    if outcome not in VisitOutcome.values:
        errors["outcome"] = "走访结论不正确"
    if not situation.strip():
        errors["situation"] = "请填写走访情况"
    if errors:
        raise ValidationError(errors)
    assert found is not None
    return found


@transaction.atomic
def visit_record(
    *,
    actor: User,
    target: CampaignTarget,
    visited_on: dt.date,
    method: str,
    outcome: str,
    situation: str,
    placement: Placement | None = None,
    today: dt.date | None = None,
) -> Visit:
    """Record a visit; the outcome "placed under tracked help" places the household in
    the same transaction, with the plan the visitor wrote (D5.3: visit → help)."""
    authorize_field_work(actor, target.area_id)
    today = today_or(today)
    visit_round = _checked_round(target, visited_on, method, outcome, situation, today)
    key_household = None
    if outcome == VisitOutcome.PLACED:
        key_household = key_household_place(
            actor=actor,
            household=target.household,
            plan=placement or Placement("", "", None),
            campaign=target.campaign,
            started_on=visited_on,
            today=today,
        )
    visit = Visit.objects.create(
        target=target,
        round=visit_round,
        visited_on=visited_on,
        visitor=actor,
        method=method,
        situation=situation.strip(),
        outcome=outcome,
        key_household=key_household,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=visit,
        area_code=target.area_id,
        after=snapshot(visit),
        summary=f"第{visit_round.number}轮走访 家庭{target.household.number}："
        f"{visit.get_outcome_display()}",
    )
    return visit
