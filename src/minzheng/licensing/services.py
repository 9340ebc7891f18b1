"""Every write of the licensing domain: one service per step (D15), each atomic. The
state changes go through the workflow engine (which checks role, area, state and the
guard, and logs and audits the transition); what a step records besides the state is
saved in the same transaction and audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minzheng.core import config, workdays
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Area, AuditAction, User
from minzheng.core.text import clean_text
from minzheng.core.workflow.engine import transition
from minzheng.licensing.deadlines import clocks_of, on_time
from minzheng.licensing.items import item
from minzheng.licensing.models import (
    ApplicantKind,
    ClockPause,
    CorrectionNotice,
    LicenceApplication,
    Outcome,
    PauseStage,
)
from minzheng.licensing.signals import licence_decided
from minzheng.licensing.workflows import AUTHORITY, correction_due

EXTENDS_PROMISED = "licensing.extension.extends_promised"
DELIVERY_DAYS = "licensing.delivery.working_days"
JOINT_DAYS = "licensing.joint.working_days"
JOINT_EXTENSION = "licensing.joint.extension_working_days"


def _today(day: dt.date | None) -> dt.date:
    return day or timezone.localdate()


@dataclass(frozen=True)
class Intake:
    """What the window records when it receives an application."""

    item_code: str
    authority: Area
    applicant_kind: str
    applicant_name: str
    applicant_code: str
    contact_phone: str
    subject: str
    materials: tuple[str, ...]
    received_on: dt.date
    joint: bool = False  # 统一、联合、集中办理 (D15.1: 45 + 15 working days)


def _check_intake(actor: User, intake: Intake, today: dt.date) -> None:
    errors: dict[str, str] = {}
    try:
        declared = item(intake.item_code)
    except LookupError:
        raise ValidationError({"item_code": "请选择许可事项"}) from None
    if intake.authority.level not in declared.levels:
        errors["authority"] = f"“{declared.name}”由{declared.levels_label}级民政部门办理"
    if intake.applicant_kind not in ApplicantKind.values:
        errors["applicant_kind"] = "请选择申请人类型"
    unknown = set(intake.materials) - {code for code, _ in declared.materials}
    if unknown:
        errors["materials"] = "所列材料不在该事项的材料清单中"
    if intake.received_on > today:
        errors["received_on"] = "收件日期不能晚于今天"
    if intake.joint and declared.unit != "working_days":
        errors["joint"] = f"“{declared.name}”的期限由专门法规规定，不适用联合办理期限"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def application_receive(
    *, actor: User, intake: Intake, today: dt.date | None = None
) -> LicenceApplication:
    """The window receives an application with the materials it checked off."""
    if actor.role not in AUTHORITY:
        raise PermissionDenied("只有县（区）、市级民政部门可以受理行政许可申请")
    if not actor.reaches(intake.authority.code):
        raise ValidationError({"authority": "该办理机关不在您的管辖区域内"})
    _check_intake(actor, intake, _today(today))
    application = LicenceApplication(
        number=f"{timezone.now():%Y%m%d%H%M%S%f}",  # until the row has its id
        item_code=intake.item_code,
        area=intake.authority,
        applicant_kind=intake.applicant_kind,
        applicant_name=clean_text(intake.applicant_name, label="申请人", max_length=100),
        applicant_code=intake.applicant_code.strip().upper(),
        contact_phone=intake.contact_phone.strip(),
        subject=clean_text(intake.subject, label="申请事项内容", max_length=200),
        materials_received=sorted(set(intake.materials)),
        received_on=intake.received_on,
        received_by=actor,
        joint=intake.joint,
    )
    application.save()
    application.number = f"{intake.received_on:%Y}{application.pk:06d}"
    application.save(update_fields=["number"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=application,
        after=snapshot(application),
        summary=f"收件 行政许可申请{application.number}（{item(intake.item_code).name}）",
    )
    return application


def _start_clocks(application: LicenceApplication, accepted_on: dt.date) -> None:
    """Copy the limits in force on the day of acceptance onto the application."""
    declared = item(application.item_code)
    area = application.area
    application.accepted_on = accepted_on
    application.limit_unit = declared.unit
    statutory = JOINT_DAYS if application.joint else declared.statutory_limit
    application.statutory_limit = config.config_int(statutory, on=accepted_on, area=area)
    application.promised_limit = config.config_int(
        declared.promised_limit, on=accepted_on, area=area
    )


@transaction.atomic
def application_accept(
    *,
    actor: User,
    application: LicenceApplication,
    materials: list[str],
    note: str = "",
    today: dt.date | None = None,
) -> LicenceApplication:
    """Accept with the complete checklist; both clocks start today (D15.1)."""
    today = _today(today)
    all_materials = sorted(set(application.materials_received) | set(materials))
    transition(application, "accept", actor, note=note, today=today, materials=all_materials)
    application.materials_received = all_materials
    _start_clocks(application, today)
    application.save(
        update_fields=[
            "materials_received",
            "accepted_on",
            "limit_unit",
            "statutory_limit",
            "promised_limit",
        ]
    )
    CorrectionNotice.objects.filter(application=application).update(supplied_on=today)
    return application


@transaction.atomic
def correction_request(
    *,
    actor: User,
    application: LicenceApplication,
    missing: list[str],
    note: str = "",
    today: dt.date | None = None,
) -> CorrectionNotice:
    """The one-time notice listing everything to correct, within 5 working days (D15.2)."""
    today = _today(today)
    checklist = [code for code, _ in item(application.item_code).materials]
    if set(missing) - set(checklist):
        raise ValidationError({"missing": "所列材料不在该事项的材料清单中"})
    missing = [code for code in checklist if code in set(missing)]  # in the checklist's order
    transition(application, "request_correction", actor, note=note, today=today, missing=missing)
    notice = CorrectionNotice.objects.create(
        application=application, issued_on=today, issued_by=actor, missing=missing, note=note
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=notice,
        area_code=application.area_id,
        after=snapshot(notice),
        summary=f"一次性告知补正 {application.number}",
    )
    return notice


DEEMED_NOTE = "收件后逾期未一次性告知补正，自收到申请材料之日起视为受理（行政许可法第三十二条）"


def deemed_acceptance_run(*, today: dt.date | None = None) -> int:
    """The daily job (D15.2): an application still waiting after the correction window
    is accepted as of the day it was received. It acts in the name of the member of
    staff who received it; each application in its own transaction."""
    today = _today(today)
    done = 0
    for application in LicenceApplication.objects.filter(status="received").select_related(
        "area", "received_by"
    ):
        if today <= correction_due(application):
            continue
        with transaction.atomic():
            transition(
                application, "deem_accept", application.received_by, note=DEEMED_NOTE, today=today
            )
            _start_clocks(application, application.received_on)
            application.deemed_accepted = True
            application.save(
                update_fields=[
                    "accepted_on",
                    "limit_unit",
                    "statutory_limit",
                    "promised_limit",
                    "deemed_accepted",
                ]
            )
        done += 1
    return done


@transaction.atomic
def clock_pause(
    *,
    actor: User,
    application: LicenceApplication,
    stage: str,
    notice_number: str,
    note: str,
    today: dt.date | None = None,
) -> ClockPause:
    """Stop both clocks for an excluded stage, with the written notice's number."""
    today = _today(today)
    errors = {}
    if stage not in PauseStage.values:
        errors["stage"] = "请选择不计入时限的环节"
    if not notice_number.strip():
        errors["notice_number"] = "请填写书面告知申请人的文号"
    if errors:
        raise ValidationError(errors)
    transition(application, "pause", actor, note=note, today=today)
    pause = ClockPause.objects.create(
        application=application,
        stage=stage,
        started_on=today,
        notice_number=clean_text(notice_number, label="书面告知文号", max_length=40),
        started_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=pause,
        area_code=application.area_id,
        after=snapshot(pause),
        summary=f"中止计时（{pause.get_stage_display()}）{application.number}",
    )
    return pause


@transaction.atomic
def clock_resume(
    *, actor: User, application: LicenceApplication, note: str = "", today: dt.date | None = None
) -> ClockPause:
    today = _today(today)
    pause = ClockPause.objects.select_for_update().get(
        application=application, ended_on__isnull=True
    )
    if today < pause.started_on:
        raise ValidationError({"__all__": "恢复日期不能早于中止日期"})
    transition(application, "resume", actor, note=note, today=today)
    before = snapshot(pause)
    pause.ended_on = today
    pause.save(update_fields=["ended_on"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=pause,
        area_code=application.area_id,
        before=before,
        after=snapshot(pause),
        summary=f"恢复计时 {application.number}",
    )
    return pause


def _extension_key(application: LicenceApplication) -> str:
    """The extension's setting: joint handling's 15 (D15.1), else the item's (its unit)."""
    return JOINT_EXTENSION if application.joint else item(application.item_code).extension_limit


@transaction.atomic
def extension_request(
    *, actor: User, application: LicenceApplication, reason: str, today: dt.date | None = None
) -> LicenceApplication:
    """Ask for the extension (D15.1) before the statutory limit runs out."""
    today = _today(today)
    if application.extension_days:
        raise ValidationError({"note": "本申请已延长过期限"})
    declared = item(application.item_code)
    if config.config_int(_extension_key(application), on=today, area=application.area) <= 0:
        raise ValidationError({"note": f"“{declared.name}”的办理期限依法不得延长"})
    statutory = clocks_of(application, today).statutory
    if statutory is not None and statutory.due is not None and today > statutory.due:
        raise ValidationError({"note": "法定期限已届满，不能再申请延长"})
    transition(application, "request_extension", actor, note=reason, today=today)
    application.extension_requested_by = actor
    application.extension_reason = reason.strip()[:500]
    application.save(update_fields=["extension_requested_by", "extension_reason"])
    return application


@transaction.atomic
def extension_approve(
    *, actor: User, application: LicenceApplication, note: str = "", today: dt.date | None = None
) -> LicenceApplication:
    """The head's approval adds the extension to the statutory clock (and to the promised
    clock when the bureau's setting says so)."""
    today = _today(today)
    transition(application, "approve_extension", actor, note=note, today=today)
    days = config.config_int(_extension_key(application), on=today, area=application.area)
    application.extension_days = days
    if config.config_typed(EXTENDS_PROMISED, on=today, area=application.area) is True:
        application.promised_extension_days = days
    application.extension_approved_by = actor
    application.save(
        update_fields=["extension_days", "promised_extension_days", "extension_approved_by"]
    )
    return application


@transaction.atomic
def decision_make(
    *,
    actor: User,
    application: LicenceApplication,
    outcome: str,
    reason: str,
    today: dt.date | None = None,
) -> LicenceApplication:
    """Grant or refuse (a refusal with its reasons, the note); a licence granted is to
    be delivered within the delivery limit (D15.2)."""
    today = _today(today)
    action = {Outcome.GRANTED: "grant", Outcome.REFUSED: "refuse"}[Outcome(outcome)]
    transition(application, action, actor, note=reason, today=today)
    application.decided_on, application.outcome = today, outcome
    application.decision_reason = reason.strip()
    application.within_statutory, application.within_promised = on_time(application)
    if outcome == Outcome.GRANTED:
        days = config.config_int(DELIVERY_DAYS, on=today, area=application.area)
        application.delivery_due = workdays.add_working_days(today, days)
    application.save(
        update_fields=[
            "decided_on",
            "outcome",
            "decision_reason",
            "delivery_due",
            "within_statutory",
            "within_promised",
        ]
    )
    licence_decided.send(
        sender=LicenceApplication, application=application, actor=actor, today=today
    )
    return application


@transaction.atomic
def licence_deliver(
    *, actor: User, application: LicenceApplication, note: str = "", today: dt.date | None = None
) -> LicenceApplication:
    today = _today(today)
    transition(application, "deliver", actor, note=note, today=today)
    application.delivered_on = today
    application.save(update_fields=["delivered_on"])
    return application


def application_close(
    *,
    actor: User,
    application: LicenceApplication,
    action: str,
    note: str,
    today: dt.date | None = None,
) -> LicenceApplication:
    """Not accepted (不予受理), withdrawn, or an extension not approved: the note says why."""
    transition(application, action, actor, note=note, today=_today(today))
    return application
