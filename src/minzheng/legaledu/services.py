"""Writes of legal-education records: an activity, a unit's yearly plan. Each checks
the area (D0.3), names the field of every mistake in Chinese and is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Area, AuditAction, User
from minzheng.core.roles import Capability
from minzheng.legaledu.models import Activity, ActivityKind, StudyPlan

MAX_PARTICIPANTS = 1_000_000


@dataclass(frozen=True)
class ActivityIn:
    kind: str
    held_on: dt.date
    area: Area
    venue: str
    topic: str
    organiser: str
    participant_count: int | None
    attendees: tuple[User, ...] = ()


def _authorise(actor: User, area: Area) -> None:
    if not actor.can(Capability.EDIT_PERSONAL):
        raise PermissionDenied("您的角色无权登记普法学法记录")
    if not actor.reaches(area.code):
        raise ValidationError({"area": "该区划不在您的管辖区域内"})


def _check(data: ActivityIn, today: dt.date) -> int:
    errors = {}
    if data.kind not in ActivityKind.values:
        errors["kind"] = "请选择活动类型"
    if data.held_on > today:
        errors["held_on"] = "活动日期不能晚于今天"
    count = data.participant_count
    if count is None and not data.attendees:
        errors["participant_count"] = "请填写参加人数，或勾选参加学习的工作人员"
    elif count is not None and count < len(data.attendees):
        errors["participant_count"] = "参加人数不能少于勾选的工作人员人数"
    elif count is not None and not 1 <= count <= MAX_PARTICIPANTS:
        errors["participant_count"] = "参加人数应在1至1000000之间"
    if errors:
        raise ValidationError(errors)
    return count if count is not None else len(data.attendees)


@transaction.atomic
def activity_record(*, actor: User, data: ActivityIn, today: dt.date | None = None) -> Activity:
    _authorise(actor, data.area)
    count = _check(data, today or timezone.localdate())
    activity = Activity.objects.create(
        kind=data.kind,
        held_on=data.held_on,
        area=data.area,
        venue=data.venue,
        topic=data.topic,
        organiser=data.organiser,
        participant_count=count,
        recorded_by=actor,
    )
    activity.attendees.set(data.attendees)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=activity,
        after=snapshot(activity),
        summary=f"登记普法学法活动 {activity.held_on:%Y-%m-%d}“{activity.topic}”{count}人",
    )
    return activity


@transaction.atomic
def plan_save(
    *, actor: User, area: Area, year: int, planned_sessions: int, content: str
) -> StudyPlan:
    _authorise(actor, area)
    if planned_sessions < 1:
        raise ValidationError({"planned_sessions": "计划学法次数至少为1"})
    try:
        with transaction.atomic():
            plan = StudyPlan.objects.create(
                area=area,
                year=year,
                planned_sessions=planned_sessions,
                content=content,
                recorded_by=actor,
            )
    except IntegrityError:
        raise ValidationError({"year": f"{area.name}{year}年度的学法计划已登记"}) from None
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=plan,
        after=snapshot(plan),
        summary=f"登记年度学法计划 {area.name}{year}年 {planned_sessions}次",
    )
    return plan
