"""Tracked help for key households: placing, following up, closing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import AuditAction, Household, User
from minzheng.core.roles import Capability
from minzheng.core.workflow.engine import transition
from minzheng.screening.models import Campaign, FollowUp, KeyHousehold, VisitMethod
from minzheng.screening.services.common import authorize_field_work, today_or


@dataclass(frozen=True)
class Placement:
    """What a visit that places a household under tracked help must also say."""

    reason: str
    help_plan: str
    next_follow_up_on: dt.date | None
    responsible: User | None = None  # the visitor when not named


def _check_responsible(user: User, household: Household) -> None:
    if not (user.can(Capability.EDIT_PERSONAL) and user.reaches(household.area_id)):
        raise ValidationError({"responsible": f"{user}不负责该家庭所在区域，不能担任帮扶责任人"})


def _check_plan(plan: Placement, started_on: dt.date, today: dt.date) -> None:
    errors = {}
    if started_on > today:
        errors["started_on"] = "纳入日期不能晚于今天"
    if not plan.reason.strip():
        errors["reason"] = "请填写纳入重点帮扶的原因"
    if not plan.help_plan.strip():
        errors["help_plan"] = "请填写帮扶计划"
    if plan.next_follow_up_on is None:
        errors["next_follow_up_on"] = "请填写下次跟踪日期"
    elif plan.next_follow_up_on <= started_on:
        errors["next_follow_up_on"] = "下次跟踪日期须晚于纳入日期"
    if errors:
        raise ValidationError(errors)


def _refuse_if_active(household: Household) -> None:
    current = KeyHousehold.objects.active().filter(household=household).first()
    if current is not None:
        raise ValidationError(
            {"household": f"该家庭已于{current.started_on:%Y-%m-%d}纳入重点帮扶，正在跟踪中"}
        )


@transaction.atomic
def key_household_place(
    *,
    actor: User,
    household: Household,
    plan: Placement,
    campaign: Campaign | None = None,
    started_on: dt.date | None = None,
    today: dt.date | None = None,
) -> KeyHousehold:
    """Place a household under tracked help; a household has at most one active record."""
    authorize_field_work(actor, household.area_id)
    started_on = started_on or today_or(today)
    _check_plan(plan, started_on, today_or(today))
    assert plan.next_follow_up_on is not None  # checked just above
    responsible = plan.responsible or actor
    _check_responsible(responsible, household)
    _refuse_if_active(household)
    record = KeyHousehold(
        household=household,
        area_id=household.area_id,
        campaign=campaign,
        reason=plan.reason.strip(),
        help_plan=plan.help_plan.strip(),
        responsible=responsible,
        started_on=started_on,
        next_follow_up_on=plan.next_follow_up_on,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as exc:  # placed by someone else at the same moment
        raise ValidationError({"household": "该家庭已纳入重点帮扶"}) from exc
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=record,
        after=snapshot(record),
        summary=f"纳入重点帮扶 家庭{household.number}：{record.reason}",
    )
    return record


def _check_follow_up(
    record: KeyHousehold, followed_on: dt.date, next_on: dt.date, today: dt.date
) -> None:
    errors = {}
    if record.status != "active":
        errors["__all__"] = "该户已结束帮扶，不能再登记跟踪"
    if followed_on > today:
        errors["followed_on"] = "跟踪日期不能晚于今天"
    elif followed_on < record.started_on:
        errors["followed_on"] = "跟踪日期不能早于纳入日期"
    if next_on <= followed_on:
        errors["next_follow_up_on"] = "下次跟踪日期须晚于本次跟踪日期"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def follow_up_record(
    *,
    actor: User,
    key_household: KeyHousehold,
    followed_on: dt.date,
    method: str,
    note: str,
    next_follow_up_on: dt.date,
    today: dt.date | None = None,
) -> FollowUp:
    """Record a follow-up and set the next date (which the overdue list watches)."""
    record = KeyHousehold.objects.select_for_update().get(pk=key_household.pk)
    authorize_field_work(actor, record.area_id)
    _check_follow_up(record, followed_on, next_follow_up_on, today_or(today))
    if method not in VisitMethod.values:
        raise ValidationError({"method": "跟踪方式不正确"})
    if not note.strip():
        raise ValidationError({"note": "请填写帮扶情况"})
    follow_up = FollowUp.objects.create(
        key_household=record,
        followed_on=followed_on,
        followed_by=actor,
        method=method,
        note=note.strip(),
        next_follow_up_on=next_follow_up_on,
    )
    record.next_follow_up_on = next_follow_up_on
    record.save(update_fields=["next_follow_up_on"])
    key_household.next_follow_up_on = next_follow_up_on
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=follow_up,
        area_code=record.area_id,
        after=snapshot(follow_up),
        summary=f"跟踪回访 家庭{record.household.number}，下次{next_follow_up_on:%Y-%m-%d}",
    )
    return follow_up


@transaction.atomic
def key_household_close(
    *, actor: User, key_household: KeyHousehold, reason: str, today: dt.date | None = None
) -> KeyHousehold:
    """End tracked help (the engine checks role, area and the reason, and logs it)."""
    today = today_or(today)
    transition(key_household, "close", actor, note=reason, today=today)
    key_household.closed_on, key_household.closed_reason = today, reason.strip()[:200]
    key_household.save(update_fields=["closed_on", "closed_reason"])
    return key_household
