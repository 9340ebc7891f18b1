"""Registering a facility, changing its details and deciding on its status (issue 14
item 1, D7.2). Each writes the dated event and the audit entry in one transaction;
status changes go through the workflow engine (workflows.FACILITY)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import AuditAction, User
from minzheng.core.roles import Capability
from minzheng.core.workflow.engine import check_record, transition
from minzheng.elderly.models import EventKind, Facility, FacilityEvent, Operator
from minzheng.elderly.validation import FacilityData, check_facility

EVENT_OF_ACTION = {
    "suspend": EventKind.SUSPENDED,
    "resume": EventKind.RESUMED,
    "close": EventKind.CLOSED,
}
FIELDS = [
    "name",
    "kind",
    "parent",
    "area",
    "address",
    "longitude",
    "latitude",
    "hours",
    "services",
    "capacity",
    "opened_on",
]


def authorize_register(actor: User) -> None:
    if not actor.can(Capability.EDIT_PERSONAL):
        raise PermissionDenied("您的角色无权登记养老服务设施")


def _operator(data: FacilityData) -> Operator:
    operator, _ = Operator.objects.get_or_create(
        name=data.operator, defaults={"operator_type": data.operator_type}
    )
    return operator


def facility_build(*, actor: User, data: FacilityData) -> Facility:
    """Create one checked facility with its opening event (the form's and the import's
    common write; the caller holds the transaction and writes the audit entry)."""
    values = {f: getattr(data, f) for f in FIELDS}
    facility = Facility(created_by=actor, operator=_operator(data), **values)
    facility.save()
    FacilityEvent.objects.create(
        facility=facility, kind=EventKind.OPENED, on=data.opened_on, recorded_by=actor
    )
    return facility


@transaction.atomic
def facility_register(
    *, actor: User, raw: dict[str, Any], today: dt.date | None = None
) -> Facility:
    authorize_register(actor)
    data, errors = check_facility(
        raw, reach=actor.scope_prefix, today=today or timezone.localdate()
    )
    if errors or data is None:
        raise ValidationError(errors)
    facility = facility_build(actor=actor, data=data)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=facility,
        after=snapshot(facility),
        summary=f"登记养老服务设施：{facility.name}（{facility.get_kind_display()}）",
    )
    return facility


@transaction.atomic
def facility_change(
    *,
    actor: User,
    facility: Facility,
    raw: dict[str, Any],
    on: dt.date,
    today: dt.date | None = None,
) -> Facility:
    """New details (the record `change`): the event lists the fields changed."""
    locked = Facility.objects.select_for_update().get(pk=facility.pk)
    check_record(locked, "change", actor)
    today = today or timezone.localdate()
    data, errors = check_facility(raw, reach=actor.scope_prefix, today=today, exclude=locked.pk)
    if on > today:
        errors["on"] = "变更日期不能晚于今天"
    if errors or data is None:
        raise ValidationError(errors)
    before = snapshot(locked)
    for field in FIELDS:
        setattr(locked, field, getattr(data, field))
    locked.operator = _operator(data)
    locked.save()
    after = snapshot(locked)
    changed = [
        str(getattr(Facility._meta.get_field(k), "verbose_name", k))
        for k in sorted(after)
        if before.get(k) != after.get(k) and k in {*FIELDS, "operator"}
    ]
    FacilityEvent.objects.create(
        facility=locked, kind=EventKind.CHANGED, on=on, note="、".join(changed), recorded_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        before=before,
        after=after,
        summary=f"变更养老服务设施信息：{locked.name}",
    )
    return locked


@transaction.atomic
def facility_decide(
    *,
    actor: User,
    facility: Facility,
    action: str,
    note: str,
    on: dt.date,
    today: dt.date | None = None,
) -> Facility:
    """Suspend, resume or close through the engine, with the dated event. The day may
    lie in the past (a closure recorded late) but not before the last event."""
    today = today or timezone.localdate()
    if action not in EVENT_OF_ACTION:
        raise ValidationError({"action": "请选择要办理的事项"})
    if on > today:
        raise ValidationError({"on": "生效日期不能晚于今天"})
    last = facility.events.order_by("-on", "-id").first()
    if last is not None and on < last.on:
        raise ValidationError({"on": f"生效日期不能早于上一次记录的日期（{last.on:%Y-%m-%d}）"})
    if action == "close" and facility.satellites.exclude(status="closed").exists():
        raise ValidationError({"action": "该中心仍有未关闭的下属站点，请先关闭或改隶这些站点"})
    transition(facility, action, actor, note=note, today=today)
    FacilityEvent.objects.create(
        facility=facility,
        kind=EVENT_OF_ACTION[action],
        on=on,
        note=note.strip(),
        recorded_by=actor,
    )
    return facility
