"""Hotline actions (D8): intake, the loop's transitions, the records beside a ticket
(emergency escalation, police referral, mandatory report and feedback), merging
duplicates and the sweep of late tickets; the funeral line's own records are in
`hotline.funeral`. Every write is audited; state changes go through the engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minzheng.assistance.models import Application
from minzheng.assistance.services.applications import application_submit
from minzheng.core import workdays
from minzheng.core.audit import snapshot
from minzheng.core.config import config_int, config_typed
from minzheng.core.masking import mask_name
from minzheng.core.models import Area, AuditAction, Person, User
from minzheng.core.workflow.engine import check_record, transition
from minzheng.hotline import limits
from minzheng.hotline.journal import ticket_audit, ticket_event
from minzheng.hotline.models import (
    Call,
    Category,
    Escalation,
    Event,
    EventKind,
    Line,
    MandatoryReport,
    PoliceReferral,
    Ticket,
)
from minzheng.hotline.workflows import ESCALATE, INTAKE, SENSITIVE

LINE_CATEGORIES_KEYS: dict[str, str] = {
    Line.CHILDREN: "hotline.children.categories",
    Line.FUNERAL: "hotline.funeral.categories",
}
URGENCIES_KEY = "hotline.urgencies"
SENSITIVE_KEY = "hotline.sensitive_categories"
EMERGENCY_KEY = "hotline.emergency_categories"
EMERGENCY_MINUTES_KEY = "hotline.emergency.escalation_minutes"
FEEDBACK_KEY = "hotline.report_feedback.working_days"
NUMBER_KEYS: dict[str, str] = {
    Line.CHILDREN: "hotline.children.numbers",
    Line.FUNERAL: "hotline.funeral.number",
}
# A ticket's number: the call's date, the line's digit (1 children, 2 funeral), a
# running number of the day: 2026092810001. Digits only (read out over the phone).
PREFIX: dict[str, str] = {Line.CHILDREN: "1", Line.FUNERAL: "2"}


def _codes(key: str, on: dt.date) -> tuple[str, ...]:
    value = config_typed(key, on=on)
    assert isinstance(value, tuple)
    return value


def line_categories(line: str, on: dt.date) -> list[tuple[str, str]]:
    """(code, label) of the categories a line offers on a day (a setting)."""
    labels = dict(Category.choices)
    return [(c, str(labels.get(c, c))) for c in _codes(LINE_CATEGORIES_KEYS[line], on)]


def urgencies(on: dt.date) -> list[tuple[str, str]]:
    labels = {"urgent": "紧急", "normal": "一般"}
    return [(c, labels.get(c, c)) for c in _codes(URGENCIES_KEY, on)]


def line_numbers(on: dt.date) -> dict[str, str]:
    return {line: str(config_typed(key, on=on)) for line, key in NUMBER_KEYS.items()}


def _require(actor: User, capability: str, message: str) -> None:
    if not actor.can(capability):
        raise PermissionDenied(message)


def _next_number(line: str, day: dt.date) -> str:
    stem = f"{day:%Y%m%d}{PREFIX[line]}"
    last = (
        Ticket.objects.filter(number__startswith=stem)
        .order_by("-number")
        .values_list("number", flat=True)
    ).first()
    return f"{stem}{int(last[-4:]) + 1 if last else 1:04d}"


@dataclass(frozen=True)
class CallIn:
    caller_name: str
    callback_phone: str
    account: str
    received_at: dt.datetime


@transaction.atomic
def ticket_intake(
    *,
    actor: User,
    line: str,
    category: str,
    urgency: str,
    call: CallIn,
    area: Area,
    address: str = "",
    person: Person | None = None,
    reporter_institution: str = "",
) -> Ticket:
    """An operator registers a call and accepts it (受理, D8.3). A mandatory report
    (the caller names their institution, D8.2) is recorded with its feedback limit."""
    _require(actor, INTAKE, "只有热线接线员可以登记来电")
    day = timezone.localtime(call.received_at).date()
    if line not in NUMBER_KEYS:
        raise ValidationError({"line": "请选择热线"})
    if category not in dict(line_categories(line, day)):
        raise ValidationError({"category": "该热线不受理此类别"})
    if urgency not in dict(urgencies(day)):
        raise ValidationError({"urgency": "请选择紧急程度"})
    if not actor.reaches(area.code):
        raise ValidationError({"area": "事发地不在本热线的受理范围内"})
    ticket = Ticket(
        number=_next_number(line, day),
        line=line,
        category=category,
        urgency=urgency,
        sensitive=category in _codes(SENSITIVE_KEY, day),
        emergency=category in _codes(EMERGENCY_KEY, day),
        summary=call.account,
        address=address,
        person=person,
        area=area,
        received_at=call.received_at,
        due_at=limits.due_at(category, urgency, call.received_at, area=area),
        taken_by=actor,
    )
    ticket.full_clean(exclude=["status", "unit", "merged_into"])
    ticket.save()
    Call.objects.create(
        ticket=ticket,
        received_at=call.received_at,
        caller_name=call.caller_name,
        callback_phone=call.callback_phone,
        account=call.account,
        first_ticket=ticket.number,
    )
    ticket_event(
        ticket, EventKind.CALL, actor, f"来电人{mask_name(call.caller_name)}", call.received_at
    )
    ticket_audit(
        actor,
        ticket,
        ticket,
        f"登记热线来电 {ticket.number}（{ticket.get_category_display()}）",
        after=snapshot(ticket),
    )
    if reporter_institution.strip():
        report = MandatoryReport.objects.create(
            ticket=ticket,
            reporter_name=call.caller_name,
            institution=reporter_institution.strip(),
            reported_at=call.received_at,
            feedback_due=workdays.add_working_days(day, config_int(FEEDBACK_KEY, on=day)),
        )
        ticket_event(
            ticket, EventKind.REPORT, actor, f"报告人单位：{report.institution}", call.received_at
        )
        ticket_audit(actor, report, ticket, f"强制报告登记 {ticket.number}")
    transition(ticket, "accept", actor, today=day)
    return ticket


def default_unit(ticket: Ticket) -> Area:
    """The county of the location handles (D8.1: 县区级处置); the operator may choose
    the township instead when dispatching."""
    return Area.objects.get(code=ticket.area_id[:6])


def act(ticket: Ticket, action: str, actor: User, *, note: str = "", **params: Any) -> Ticket:
    """A transition of the loop; dispatch and reassign set the unit, close and rate
    store their outcome, reply stores the reply."""
    today = timezone.localdate()
    with transaction.atomic():
        transition(ticket, action, actor, note=note, today=today, **params)
        fields: list[str] = []
        if action in {"dispatch", "reassign"}:
            ticket.unit = params["unit"]
            fields.append("unit")
        elif action == "reply":
            ticket.reply = note
            fields.append("reply")
        elif action == "close":
            ticket.closed_at = timezone.now()
            fields.append("closed_at")
        elif action == "rate":
            ticket.satisfaction = params["satisfaction"]
            fields.append("satisfaction")
        elif action == "merge":
            _merge(ticket, params["into"], actor, note)
        if fields:
            Ticket.objects.filter(pk=ticket.pk).update(**{f: getattr(ticket, f) for f in fields})
    return ticket


def _merge(duplicate: Ticket, into: Ticket, actor: User, note: str) -> None:
    """The duplicate's calls join the other ticket's timeline; the duplicate stays,
    merged, pointing at it (D8.3: nobody loses the thread)."""
    now = timezone.now()
    Ticket.objects.filter(pk=duplicate.pk).update(merged_into=into)
    duplicate.merged_into = into
    moved = Call.objects.filter(ticket=duplicate).update(ticket=into)
    ticket_event(
        into,
        EventKind.MERGE,
        actor,
        f"并入重复来电{duplicate.number}（{moved}次来电）：{note}",
        now,
    )
    ticket_event(duplicate, EventKind.MERGE, actor, f"已合并到工单{into.number}：{note}", now)
    ticket_audit(
        actor,
        into,
        into,
        f"合并重复来电 {duplicate.number} → {into.number}",
        action=AuditAction.UPDATE,
    )


@transaction.atomic
def supervise(*, actor: User, ticket: Ticket, note: str) -> Event:
    check_record(ticket, "supervise", actor)
    if not note.strip():
        raise ValidationError({"note": "请填写督办意见"})
    event = ticket_event(ticket, EventKind.SUPERVISION, actor, note, timezone.now())
    ticket_audit(actor, event, ticket, f"督办 {ticket.number}")
    return event


@transaction.atomic
def escalate_emergency(*, actor: User, ticket: Ticket, duty_officer: User) -> Escalation:
    """D8.2: an emergency goes at once to a named duty officer, who must act within
    the category's hours."""
    check_record(ticket, "escalate", actor)
    if not duty_officer.can(ESCALATE) or not duty_officer.reaches(ticket.area_id):
        raise ValidationError({"duty_officer": "值班人员须是负责事发地的儿童保护值班人员"})
    if Escalation.objects.filter(ticket=ticket).exists():
        raise ValidationError({"duty_officer": "该工单已上报值班人员"})
    now = timezone.now()
    row = Escalation.objects.create(
        ticket=ticket,
        duty_officer=duty_officer,
        escalated_at=now,
        escalated_by=actor,
        act_by=ticket.due_at,
    )
    ticket_event(ticket, EventKind.EMERGENCY, actor, f"已上报值班人员{duty_officer}", now)
    ticket_audit(actor, row, ticket, f"紧急上报 {ticket.number} 值班人员{duty_officer}")
    return row


@transaction.atomic
def refer_to_police(
    *, actor: User, ticket: Ticket, police_unit: str, reference: str = ""
) -> PoliceReferral:
    check_record(ticket, "police", actor)
    if not police_unit.strip():
        raise ValidationError({"police_unit": "请填写接收的公安机关"})
    now = timezone.now()
    row = PoliceReferral.objects.create(
        ticket=ticket,
        referred_at=now,
        police_unit=police_unit.strip(),
        reference=reference.strip(),
        referred_by=actor,
    )
    ticket_event(
        ticket, EventKind.POLICE, actor, f"移送{row.police_unit} {row.reference}".strip(), now
    )
    ticket_audit(actor, row, ticket, f"移送公安 {ticket.number}")
    return row


@transaction.atomic
def report_feedback(*, actor: User, ticket: Ticket, feedback: str) -> MandatoryReport:
    """D8.2: the reporter is told the result."""
    check_record(ticket, "feedback", actor)
    report = MandatoryReport.objects.select_for_update().filter(ticket=ticket).first()
    if report is None:
        raise ValidationError({"feedback": "该工单不是强制报告"})
    if report.feedback_at is not None:
        raise ValidationError({"feedback": "已向报告人反馈"})
    if not feedback.strip():
        raise ValidationError({"feedback": "请填写反馈内容"})
    report.feedback, report.feedback_at, report.feedback_by = feedback, timezone.now(), actor
    report.save(update_fields=["feedback", "feedback_at", "feedback_by"])
    ticket_event(ticket, EventKind.FEEDBACK, actor, feedback, report.feedback_at)
    ticket_audit(
        actor, report, ticket, f"向强制报告人反馈 {ticket.number}", action=AuditAction.UPDATE
    )
    return report


@transaction.atomic
def start_application(*, actor: User, ticket: Ticket, programme: str) -> Application:
    """A child's case starts an assistance application (orphan, or de-facto unsupported
    child) for the child's household, with the child as applicant."""
    check_record(ticket, "apply", actor)
    if programme not in {"orphan", "unsupported_child"}:
        raise ValidationError({"programme": "请选择孤儿或事实无人抚养儿童保障"})
    child = ticket.person
    membership = child.current_membership() if child is not None else None
    if child is None or membership is None:
        raise ValidationError({"programme": "该儿童未登记在任何家庭，请先在基础信息中登记"})
    app = application_submit(
        actor=actor,
        household=membership.household,
        applicant=child,
        programme=programme,
        channel="committee",
        applied_on=timezone.localdate(),
    )
    ticket_event(
        ticket,
        EventKind.APPLICATION,
        actor,
        f"已发起{app.get_programme_display()}申请{app.number}",
        timezone.now(),
    )
    return app


@dataclass(frozen=True)
class SweepResult:
    reminded: int
    escalated: int
    emergencies_late: int


def sweep_overdue(now: dt.datetime) -> SweepResult:
    """The daily (or hourly) job: a reminder (催办) on the first working day after a
    missed limit, escalation (升级督办) N working days later (D8.3); an emergency not
    escalated to a duty officer within its minutes is escalated as late (D8.2).
    Idempotent: each step is recorded once per ticket."""
    today = timezone.localtime(now).date()
    reminded = escalated = late = 0
    minutes = config_int(EMERGENCY_MINUTES_KEY, on=today)
    for ticket in Ticket.objects.open().filter(due_at__lt=now).select_related("area"):
        steps = limits.late_steps(ticket.due_at, area=ticket.area)
        with transaction.atomic():
            if ticket.reminded_on is None and today >= steps.remind_on:
                Ticket.objects.filter(pk=ticket.pk).update(reminded_on=today)
                ticket_event(
                    ticket,
                    EventKind.REMINDER,
                    None,
                    f"已超过办理时限{timezone.localtime(ticket.due_at):%Y-%m-%d %H:%M}，"
                    "催办承办单位",
                    now,
                )
                ticket_audit(
                    None, ticket, ticket, f"超时催办 {ticket.number}", action=AuditAction.UPDATE
                )
                reminded += 1
            if ticket.escalated_on is None and today >= steps.escalate_on:
                Ticket.objects.filter(pk=ticket.pk).update(escalated_on=today)
                ticket_event(ticket, EventKind.ESCALATION, None, "催办后仍未办结，升级督办", now)
                ticket_audit(
                    None, ticket, ticket, f"升级督办 {ticket.number}", action=AuditAction.UPDATE
                )
                escalated += 1
    cutoff = now - dt.timedelta(minutes=minutes)
    waiting = Ticket.objects.open().filter(
        emergency=True, escalation__isnull=True, received_at__lt=cutoff
    )
    for ticket in waiting.exclude(events__kind=EventKind.ESCALATION):
        with transaction.atomic():
            ticket_event(
                ticket,
                EventKind.ESCALATION,
                None,
                f"紧急来电{minutes}分钟内未上报值班人员，升级督办",
                now,
            )
            ticket_audit(
                None,
                ticket,
                ticket,
                f"紧急来电未及时上报 {ticket.number}",
                action=AuditAction.UPDATE,
            )
            late += 1
    return SweepResult(reminded, escalated, late)


def can_see_sensitive(user: User) -> bool:
    return user.can(SENSITIVE)
