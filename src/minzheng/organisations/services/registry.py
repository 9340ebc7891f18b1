"""Registering an organisation, recording its changes and its status decisions (D10.1,
D10.6). Each writes the event with its decision and the audit entry in one
transaction; status changes go through the workflow engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.core.audit import audit_record, snapshot
from minzheng.core.masking import mask_id_number
from minzheng.core.models import AuditAction, User
from minzheng.core.workflow.engine import check_record, transition
from minzheng.organisations.models import (
    EventKind,
    Organisation,
    OrganisationEvent,
    ResponsiblePerson,
)
from minzheng.organisations.services.common import authorize_registrar, today_or
from minzheng.organisations.services.credit import listing_create
from minzheng.organisations.validation import OrganisationData, check_organisation, link_person

EVENT_OF_ACTION = {
    "suspend": EventKind.SUSPENDED,
    "resume": EventKind.RESUMED,
    "revoke": EventKind.REVOKED,
    "deregister": EventKind.DEREGISTERED,
}


def _masked(org: Organisation) -> dict[str, Any]:
    data = snapshot(org)
    if data.get("legal_rep_id_number"):
        data["legal_rep_id_number"] = mask_id_number(data["legal_rep_id_number"])
    return data


def _label(field: str) -> str:
    return str(getattr(Organisation._meta.get_field(field), "verbose_name", field))


def _decision(decision: str) -> str:
    decision = decision.strip()
    if not decision:
        raise ValidationError({"decision": "请填写决定文号"})
    if len(decision) > 60:
        raise ValidationError({"decision": "决定文号不能超过60个字"})
    return decision


def organisation_build(*, actor: User, data: OrganisationData, decision: str) -> Organisation:
    """Create one checked organisation with its registration event (the importer's and
    the form's common write; the caller holds the transaction)."""
    org = Organisation(created_by=actor, **asdict(data))
    org.save()
    OrganisationEvent.objects.create(
        organisation=org,
        kind=EventKind.REGISTERED,
        on=data.registered_on,
        decision=decision,
        recorded_by=actor,
    )
    return org


@transaction.atomic
def organisation_register(
    *, actor: User, raw: dict[str, Any], decision: str, today: dt.date | None = None
) -> Organisation:
    authorize_registrar(actor)
    data, errors = check_organisation(raw, reach=actor.scope_prefix, today=today_or(today))
    if not decision.strip():
        errors["decision"] = "请填写决定文号"
    if errors or data is None:
        raise ValidationError(errors)
    org = organisation_build(actor=actor, data=data, decision=_decision(decision))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=org,
        after=_masked(org),
        summary=f"社会组织成立登记：{org.name}（{org.credit_code}）",
    )
    return org


@transaction.atomic
def organisation_change(
    *,
    actor: User,
    organisation: Organisation,
    raw: dict[str, Any],
    decision: str,
    on: dt.date,
    today: dt.date | None = None,
) -> Organisation:
    """变更登记: new values for the registered facts, with the decision that allowed them."""
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    check_record(org, "change", actor)
    today = today_or(today)
    data, errors = check_organisation(raw, reach=actor.scope_prefix, today=today, exclude=org.pk)
    if on > today:
        errors["on"] = "变更日期不能晚于今天"
    if errors or data is None:
        raise ValidationError(errors)
    before = _masked(org)
    for key, value in asdict(data).items():
        setattr(org, key, value)
    org.save()
    changed = sorted(k for k, v in _masked(org).items() if before.get(k) != v)
    OrganisationEvent.objects.create(
        organisation=org,
        kind=EventKind.CHANGED,
        on=on,
        decision=_decision(decision),
        note="、".join(_label(k) for k in changed),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=org,
        before=before,
        after=_masked(org),
        summary=f"社会组织变更登记：{org.name}",
    )
    return org


@transaction.atomic
def organisation_decide(
    *,
    actor: User,
    organisation: Organisation,
    action: str,
    decision: str,
    note: str,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Organisation:
    """Suspend, resume, revoke or deregister through the engine, with the dated event.
    A revocation also puts the organisation on the serious-violation list (D10.7)."""
    today = today_or(today)
    on = on or today
    if on > today:
        raise ValidationError({"on": "决定日期不能晚于今天"})
    decision = _decision(decision)
    transition(organisation, action, actor, note=note, today=today)
    OrganisationEvent.objects.create(
        organisation=organisation,
        kind=EVENT_OF_ACTION[action],
        on=on,
        decision=decision,
        note=note.strip(),
        recorded_by=actor,
    )
    if action == "revoke":
        listing_create(
            organisation=organisation, reason="revoked", on=on, actor=actor, detail=decision
        )
    return organisation


@transaction.atomic
def responsible_person_add(
    *,
    actor: User,
    organisation: Organisation,
    post: str,
    name: str,
    from_date: dt.date,
    id_number: str = "",
) -> ResponsiblePerson:
    check_record(organisation, "change", actor)

    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "请填写姓名"
    _, person = link_person(id_number, errors)
    if "legal_rep_id_number" in errors:
        errors["id_number"] = errors.pop("legal_rep_id_number")
    if errors:
        raise ValidationError(errors)
    ResponsiblePerson.objects.filter(
        organisation=organisation, post=post, to_date__isnull=True
    ).update(to_date=from_date)
    record = ResponsiblePerson.objects.create(
        organisation=organisation, post=post, name=name.strip(), person=person, from_date=from_date
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=record,
        area_code=organisation.area_id,
        after=snapshot(record),
        summary=f"登记负责人：{organisation.name} {record.get_post_display()}",
    )
    return record
