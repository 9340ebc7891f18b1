"""Establishment, change and deregistration of organisations as licensing items
(D10.6, D15). The registrar takes the application here: the data proposed for the
register are checked now (the same check as the registration form and the import)
and the licence application is received by the licensing engine, whose workflow and
two clocks (in days: the items' `unit: calendar_days`) take it from there. When the
engine grants it (`licensing.signals.licence_decided`, inside the decision's
transaction), the register is written by this app's own audited services: an
establishment registers the organisation, a change changes it, a deregistration ends
it. A refusal writes nothing; a grant whose proposal no longer passes the check (a
name taken meanwhile) is refused with the reason, and the decision is undone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minzheng.core import config
from minzheng.core.audit import audit_record
from minzheng.core.models import Area, AuditAction, User
from minzheng.licensing import services as licensing
from minzheng.licensing.models import OPEN_STATES, LicenceApplication, Outcome
from minzheng.organisations.models import (
    ITEM_OF_KIND,
    KIND_OF_ITEM,
    Organisation,
    RegistrationApplication,
    RegistrationKind,
)
from minzheng.organisations.services.common import authorize_registrar, is_registrar, today_or
from minzheng.organisations.services.registry import (
    organisation_change,
    organisation_decide,
    organisation_register,
)
from minzheng.organisations.validation import check_organisation
from minzheng.organisations.workflows import OPERATING

FILING_DAYS = "organisations.registration.change_filing_days"
PROPOSED_FIELDS = (
    "name",
    "credit_code",
    "org_type",
    "area",
    "address",
    "legal_rep_name",
    "legal_rep_id_number",
    "sponsor_unit",
    "business_scope",
    "registered_capital",
    "member_units",
    "member_individuals",
)


@dataclass(frozen=True)
class RegistrationIntake:
    kind: str
    authority: str  # the county's or the city's code: the registration authority
    contact_phone: str
    materials: tuple[str, ...]
    received_on: dt.date
    proposed: dict[str, Any] = field(default_factory=dict)  # establishment, change
    organisation: Organisation | None = None  # change, deregistration
    sponsor_approved_on: dt.date | None = None
    reason: str = ""


def _proposal(intake: RegistrationIntake, actor: User, today: dt.date) -> dict[str, str]:
    """The proposed register values as text, checked now; the errors on their fields."""
    org = intake.organisation
    raw = {key: intake.proposed.get(key, "") for key in PROPOSED_FIELDS}
    raw["registered_on"] = org.registered_on if org else intake.received_on
    _, errors = check_organisation(
        raw, reach=actor.scope_prefix, today=today, exclude=org.pk if org else None
    )
    if errors:
        raise ValidationError(errors)
    return {key: str(raw[key] if raw[key] is not None else "").strip() for key in PROPOSED_FIELDS}


def _open_for(intake: RegistrationIntake, proposal: dict[str, str]) -> bool:
    pending = RegistrationApplication.objects.filter(licence__status__in=OPEN_STATES)
    if intake.organisation is not None:
        return pending.filter(organisation=intake.organisation, kind=intake.kind).exists()
    return pending.filter(
        kind=intake.kind, proposed__credit_code=proposal.get("credit_code", "")
    ).exists()


def _late(intake: RegistrationIntake, authority: Area) -> bool:
    """D10.6: a change is applied for within N days of the sponsor's approval."""
    if intake.sponsor_approved_on is None:
        return False
    days = config.config_int(FILING_DAYS, on=intake.received_on, area=authority)
    return (intake.received_on - intake.sponsor_approved_on).days > days


@transaction.atomic
def registration_apply(
    *, actor: User, intake: RegistrationIntake, today: dt.date | None = None
) -> RegistrationApplication:
    """Receive an establishment, change or deregistration application (收件)."""
    authorize_registrar(actor)
    today = today_or(today)
    kind = RegistrationKind(intake.kind)
    org = intake.organisation
    errors: dict[str, str] = {}
    if kind != RegistrationKind.ESTABLISHMENT:
        if org is None or org.status not in OPERATING:
            raise ValidationError({"organisation": "只有正常或停止活动的社会组织可以申请"})
        authorize_registrar(actor, org.area_id)
    proposal: dict[str, str] = {}
    if kind != RegistrationKind.DEREGISTRATION:
        try:
            proposal = _proposal(intake, actor, today)
        except ValidationError as bad:
            errors.update({k: v[0] for k, v in bad.message_dict.items()})
    elif not intake.reason.strip():
        errors["reason"] = "请填写注销的理由"
    if intake.sponsor_approved_on and intake.sponsor_approved_on > intake.received_on:
        errors["sponsor_approved_on"] = "业务主管单位同意日期不能晚于收件日期"
    if not errors and _open_for(intake, proposal):
        errors["__all__"] = f"已有办理中的{kind.label}申请，请勿重复收件"
    if errors:
        raise ValidationError(errors)
    authority = Area.objects.filter(code=intake.authority).first()
    if authority is None:
        raise ValidationError({"authority": "请选择办理机关"})
    name = proposal.get("name") or (org.name if org else "")
    licence = licensing.application_receive(
        actor=actor,
        intake=licensing.Intake(
            item_code=ITEM_OF_KIND[kind],
            authority=authority,
            applicant_kind="organisation",
            applicant_name=name,
            applicant_code=proposal.get("credit_code") or (org.credit_code if org else ""),
            contact_phone=intake.contact_phone,
            subject=f"{kind.label}：{name}",
            materials=intake.materials,
            received_on=intake.received_on,
        ),
        today=today,
    )
    request = RegistrationApplication.objects.create(
        licence=licence,
        kind=kind,
        organisation=org,
        proposed=proposal,
        reason=intake.reason.strip(),
        sponsor_approved_on=intake.sponsor_approved_on,
        filed_late=_late(intake, authority),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=request,
        area_code=authority.code,
        after={**request.proposed_masked(), "kind": kind.value, "filed_late": request.filed_late},
        summary=f"社会组织{kind.label}申请收件：{name}（{licence.number}）",
    )
    return request


def _decision_number(licence: LicenceApplication, kind: RegistrationKind) -> str:
    return f"准予{kind.label}（许可申请{licence.number}）"


def _messages(bad: ValidationError) -> str:
    return "；".join(m for ms in bad.message_dict.values() for m in ms)


def on_licence_decided(
    sender: object, *, application: LicenceApplication, actor: User, today: dt.date, **_: Any
) -> None:
    """The engine granted or refused one of this app's items: write the register."""
    if application.item_code not in KIND_OF_ITEM or application.outcome != Outcome.GRANTED:
        return
    request = (
        RegistrationApplication.objects.select_for_update(of=("self",))
        .filter(licence=application)
        .select_related("organisation")
        .first()
    )
    if request is None:
        raise ValidationError({"note": "该申请未在社会组织登记中收件，没有拟登记事项，不能准予"})
    if not is_registrar(actor):
        raise ValidationError({"note": "社会组织登记须由担任社会组织登记管理员岗位的人员准予"})
    kind = RegistrationKind(request.kind)
    decision = _decision_number(application, kind)
    try:
        if kind == RegistrationKind.ESTABLISHMENT:
            raw = {**request.proposed, "registered_on": today}
            org = organisation_register(actor=actor, raw=raw, decision=decision, today=today)
            request.organisation = org
            request.save(update_fields=["organisation"])
        elif kind == RegistrationKind.CHANGE:
            assert request.organisation is not None
            organisation_change(
                actor=actor,
                organisation=request.organisation,
                raw={**request.proposed, "registered_on": request.organisation.registered_on},
                decision=decision,
                on=today,
                today=today,
            )
        else:
            assert request.organisation is not None
            organisation_decide(
                actor=actor,
                organisation=request.organisation,
                action="deregister",
                decision=decision,
                note=request.reason or "准予注销登记",
                on=today,
                today=today,
            )
    except ValidationError as bad:
        raise ValidationError({"note": f"拟登记事项未通过核对：{_messages(bad)}"}) from None
    except PermissionDenied as denied:
        raise ValidationError({"note": str(denied)}) from None
