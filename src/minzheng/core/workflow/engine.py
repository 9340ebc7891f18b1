"""`transition()`: the one function that changes a case's state.

It locks the case row, checks the allowed source state, the actor's role and
area and the transition's guard, sets the new state and step deadline with a
conditional UPDATE, and writes the transition log and the audit entry — all
in one transaction, so a refused or failed transition leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from minzheng.core import config, workdays
from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, TransitionLog, User, WorkflowCase
from minzheng.core.workflow.definitions import (
    ActionNotPermitted,
    NoteRequired,
    Record,
    Transition,
    WorkflowError,
    get_workflow,
)


def allowed_actions(case: WorkflowCase, actor: User) -> list[Transition]:
    """Transitions the actor could perform now (for buttons; guards are not run)."""
    workflow = get_workflow(case.workflow_name)
    if not actor.reaches(case.area_id):
        return []
    return [t for t in workflow.available(case.status) if actor.acts_as(t.roles)]


def allowed_records(case: WorkflowCase, actor: User) -> list[Record]:
    """Records the actor could add to the case now (the workflow's `records`)."""
    workflow = get_workflow(case.workflow_name)
    if not actor.reaches(case.area_id):
        return []
    return [r for r in workflow.available_records(case.status) if actor.acts_as(r.roles)]


def check_record(case: WorkflowCase, action: str, actor: User) -> None:
    """Raise unless the declaration lets the actor add this record to the case now:
    the same state, role and area checks as a transition, from the same table."""
    workflow = get_workflow(case.workflow_name)
    r = workflow.find_record(action)
    if case.status not in r.states:
        raise WorkflowError(f"当前状态“{workflow.label(case.status)}”不能办理“{r.label}”")
    if not actor.acts_as(r.roles):
        raise ActionNotPermitted(f"您的角色（{actor.get_role_display()}）无权办理“{r.label}”")
    if not actor.reaches(case.area_id):
        raise WorkflowError("该案件不在您的管辖区域内")


def _step_deadline(t: Transition, case: WorkflowCase, today: dt.date) -> dt.date | None:
    days = t.deadline_working_days
    if days is None:
        return None
    if isinstance(days, str):  # a configuration key, e.g. "dibao.deadline.decision_days"
        days = config.config_int(days, on=today, area=case.area)
    return workdays.add_working_days(today, days)


def _check(
    t: Transition, case: WorkflowCase, actor: User, note: str, params: dict, today: dt.date
) -> None:
    workflow = get_workflow(case.workflow_name)
    if case.status not in t.sources:
        raise WorkflowError(f"当前状态“{workflow.label(case.status)}”不能执行“{t.label}”")
    if not actor.acts_as(t.roles):
        raise ActionNotPermitted(f"您的角色（{actor.get_role_display()}）无权执行“{t.label}”")
    if not actor.reaches(case.area_id):
        raise WorkflowError("该案件不在您的管辖区域内")
    if t.requires_note and not note.strip():
        raise NoteRequired(f"执行“{t.label}”须填写意见或理由")
    if t.guard is not None:
        reason = t.guard(case, actor, {**params, "today": today})
        if reason:
            raise WorkflowError(reason, field=getattr(reason, "field", None))


def transition(
    case: WorkflowCase,
    action: str,
    actor: User,
    *,
    note: str = "",
    today: dt.date | None = None,
    **params: Any,
) -> TransitionLog:
    """Perform `action` on `case` as `actor`; raises WorkflowError when refused."""
    workflow = get_workflow(case.workflow_name)
    t = workflow.find(action)
    today = today or timezone.localdate()
    model = type(case)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=case.pk)
        _check(t, locked, actor, note, params, today)
        deadline = _step_deadline(t, locked, today)
        now = timezone.now()
        updated = model._default_manager.filter(pk=case.pk, status=locked.status).update(
            status=t.target, status_changed_at=now, deadline=deadline
        )
        if updated != 1:  # pragma: no cover - the row lock makes this unreachable
            raise WorkflowError("案件已被他人同时处理，请刷新后重试")
        log = TransitionLog.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=str(case.pk),
            workflow=workflow.name,
            action=t.action,
            from_state=locked.status,
            to_state=t.target,
            actor=actor,
            actor_role=actor.role,
            note=note,
            deadline=deadline,
        )
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=locked,
            summary=f"{t.label}：{workflow.label(locked.status)} → {workflow.label(t.target)}",
            before={"status": locked.status},
            after={"status": t.target, "deadline": deadline.isoformat() if deadline else None},
        )
    case.status = case._loaded_status = t.target
    case.status_changed_at, case.deadline = now, deadline
    return log


def history(case: WorkflowCase) -> list[TransitionLog]:
    ct = ContentType.objects.get_for_model(type(case))
    return list(
        TransitionLog.objects.filter(content_type=ct, object_id=str(case.pk)).select_related(
            "actor"
        )
    )
