"""Lead actions: ingest findings, record visits, verify, close, start an application."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minzheng.assistance.models import Application
from minzheng.assistance.services.applications import application_submit
from minzheng.core import workdays
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.config import config_int
from minzheng.core.models import AuditAction, Person, User
from minzheng.core.roles import Capability, Role
from minzheng.core.workflow.engine import transition
from minzheng.warning.models import Lead, LeadVisit, Outcome
from minzheng.warning.workflows import WORKERS

DEADLINE_KEY = "warning.lead.verify_working_days"


@dataclass(frozen=True)
class IngestResult:
    created: int
    already_open: int
    unknown_person: int


def _caseworkers() -> dict[str, User]:
    """The first active caseworker of each community: leads are assigned by area."""
    found: dict[str, User] = {}
    for user in User.objects.filter(role=Role.CASEWORKER, is_active=True).order_by("id"):
        if user.area_id:
            found.setdefault(user.area_id, user)
    return found


def _lead(
    finding: dict[str, Any], person: Person, deadline: dt.date, workers: dict[str, User]
) -> Lead:
    membership = person.current_membership()
    return Lead(
        status="open",
        area_id=person.area_id,
        deadline=deadline,
        rule_id=finding["rule_id"],
        rule_title=finding.get("rule_title", finding["rule_id"]),
        severity=finding["severity"],
        period=finding["period"],
        run_id=finding["run_id"],
        id_number=person.id_number,
        person=person,
        household_id=membership.household_id if membership else None,
        evidence=finding["evidence"],
        assigned_to=workers.get(person.area_id),
    )


@transaction.atomic
def leads_ingest(*, findings: Iterable[dict[str, Any]], today: dt.date) -> IngestResult:
    """Turn published findings into leads, once per (person, rule, period).

    A finding about someone not in the registry is counted, not guessed at: the
    feeds can name people of other cities.
    """
    rows = list(findings)
    numbers = {f["id_number"] for f in rows}
    people = {p.id_number: p for p in Person.objects.filter(id_number__in=numbers)}
    existing = set(
        Lead.objects.filter(id_number__in=numbers).values_list("id_number", "rule_id", "period")
    )
    workers, new, unknown, seen = _caseworkers(), [], 0, set(existing)
    for finding in rows:
        key = (finding["id_number"], finding["rule_id"], finding["period"])
        person = people.get(finding["id_number"])
        if person is None:
            unknown += 1
        elif key not in seen:
            days = config_int(DEADLINE_KEY, on=today, area=person.area)
            new.append(_lead(finding, person, workdays.add_working_days(today, days), workers))
            seen.add(key)
    Lead.objects.bulk_create(new, batch_size=1000)
    result = IngestResult(len(new), len(rows) - len(new) - unknown, unknown)
    audit_record(
        actor=None,
        action=AuditAction.IMPORT,
        object_type="warning.lead",
        summary=f"预警线索入库：新增{result.created}条，已存在{result.already_open}条，"
        f"登记库无此人{result.unknown_person}条",
    )
    return result


def _authorize(actor: User, lead: Lead, *, closing: bool = False) -> None:
    if not actor.can(Capability.EDIT_PERSONAL) or not actor.reaches(lead.area_id):
        raise PermissionDenied("该线索不在您的管辖区域内，或您的角色无权办理")
    if closing and actor.role not in WORKERS:
        raise PermissionDenied("线索由社区（村）经办人或乡镇（街道）办结")


@transaction.atomic
def lead_visit_record(
    *, actor: User, lead: Lead, method: str, visited_on: dt.date, findings: str
) -> LeadVisit:
    """Record a phone call or home visit; the lead is then 已核实, ready for an outcome."""
    _authorize(actor, lead)
    if lead.status == "closed":
        raise ValidationError({"findings": "线索已办结"})
    visit = LeadVisit.objects.create(
        lead=lead, method=method, visited_on=visited_on, visitor=actor, findings=findings
    )
    if lead.status == "open":  # the first recorded check verifies the lead (D5.3)
        transition(lead, "verify", actor, today=visited_on)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=visit,
        area_code=lead.area_id,
        after=snapshot(visit),
        summary=f"预警线索核实（{visit.get_method_display()}）",
    )
    return visit


@transaction.atomic
def lead_close(
    *,
    actor: User,
    lead: Lead,
    outcome: str,
    note: str,
    today: dt.date,
    referred_to: str = "",
    application: Application | None = None,
) -> Lead:
    _authorize(actor, lead, closing=True)
    # The stored state decides (an earlier refused attempt may have left this object stale).
    if Lead.objects.filter(pk=lead.pk, status="open").exists():
        transition(lead, "verify", actor, today=today)
    transition(
        lead, "close", actor, note=note, today=today, outcome=outcome, referred_to=referred_to
    )
    lead.outcome, lead.outcome_note, lead.referred_to = outcome, note, referred_to
    lead.application = application
    lead.save(update_fields=["outcome", "outcome_note", "referred_to", "application"])
    return lead


@transaction.atomic
def lead_start_application(
    *, actor: User, lead: Lead, programme: str, channel: str, today: dt.date
) -> Application:
    """Outcome "apply": an application for the lead's household, with the lead's person
    as applicant, and the lead closed with a link to it — in one transaction."""
    _authorize(actor, lead, closing=True)
    if lead.household is None or lead.person is None:
        raise ValidationError({"programme": "该人员未登记在任何家庭，请先在基础信息中建立家庭"})
    app = application_submit(
        actor=actor,
        household=lead.household,
        applicant=lead.person,
        programme=programme,
        channel=channel,
        applied_on=today,
    )
    lead_close(
        actor=actor,
        lead=lead,
        outcome=Outcome.APPLY,
        today=today,
        application=app,
        note=f"{lead.rule_title}：已发起{app.get_programme_display()}申请{app.number}",
    )
    return app


@transaction.atomic
def lead_reassign(*, actor: User, lead: Lead, assignee: User) -> Lead:
    if actor.role not in {Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER}:
        raise PermissionDenied("只有乡镇（街道）或县级可以改派线索")
    _authorize(actor, lead)
    if not assignee.reaches(lead.area_id) or not assignee.can(Capability.EDIT_PERSONAL):
        raise ValidationError({"assignee": "被指派人须是该区域有办理权限的工作人员"})
    before = {"assigned_to": lead.assigned_to_id}
    lead.assigned_to = assignee
    lead.save(update_fields=["assigned_to"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=lead,
        before=before,
        after={"assigned_to": assignee.pk},
        summary=f"线索改派给{assignee}",
    )
    return lead
