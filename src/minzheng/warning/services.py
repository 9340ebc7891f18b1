"""Lead actions: ingest findings, record visits, verify, close, start an application."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minzheng.assistance.models import Application
from minzheng.assistance.services.applications import application_submit
from minzheng.core import workdays
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.bulk import bulk_insert, in_values
from minzheng.core.config import config_int_by_area
from minzheng.core.models import AuditAction, HouseholdMembership, Person, User
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


INGEST_BATCH = 5_000  # findings per round trip; well under SQLite's bound-variable limit


def _caseworkers() -> dict[str, int]:
    """The first active caseworker of each community: leads are assigned by area."""
    found: dict[str, int] = {}
    rows = User.objects.filter(role=Role.CASEWORKER, is_active=True, area__isnull=False)
    for user_id, area_id in rows.order_by("-id").values_list("id", "area_id"):
        found[area_id] = user_id  # descending ids: the first caseworker wins
    return found


@dataclass(frozen=True)
class _Registered:
    person_id: int
    area_id: str
    household_id: int | None


def _registered(numbers: list[str]) -> dict[str, _Registered]:
    """The registry's facts for a batch of ID numbers, in two queries."""
    people = list(
        Person.objects.filter(id_number__in=in_values(numbers)).values_list(
            "id", "id_number", "area_id"
        )
    )
    homes = dict(
        HouseholdMembership.objects.current()
        .filter(person_id__in=in_values([p[0] for p in people]))
        .values_list("person_id", "household_id")
    )
    return {number: _Registered(pk, area, homes.get(pk)) for pk, number, area in people}


class Matched(Protocol):
    """How a feed's record reached the person when its ID number was not the
    registry's (identity.feeds.Matched)."""

    @property
    def feed_id_number(self) -> str: ...
    @property
    def match_weight(self) -> float: ...
    @property
    def match_probability(self) -> float: ...


def _lead(
    finding: dict[str, Any],
    who: _Registered,
    deadline: dt.date,
    worker: int | None,
    match: Matched | None = None,
) -> dict[str, Any]:
    """A new lead's fields (a row for `bulk_insert`)."""
    return {
        "feed_id_number": match.feed_id_number if match else "",
        "match_weight": match.match_weight if match else None,
        "match_probability": match.match_probability if match else None,
        "status": "open",
        "area_id": who.area_id,
        "deadline": deadline,
        "rule_id": finding["rule_id"],
        "rule_title": finding.get("rule_title", finding["rule_id"]),
        "severity": finding["severity"],
        "period": finding["period"],
        "run_id": finding["run_id"],
        "id_number": finding["id_number"],
        "person_id": who.person_id,
        "household_id": who.household_id,
        "evidence": finding["evidence"],
        "assigned_to_id": worker,
    }


class _Deadlines:
    """Verification deadlines per community: the setting resolved once per area and
    the working-day arithmetic once per number of days."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.days: dict[str, int] = {}
        self.dates: dict[int, dt.date] = {}

    def for_area(self, area_id: str) -> dt.date:
        n = self.days[area_id]  # resolved by `prepare` for the batch
        if n not in self.dates:
            self.dates[n] = workdays.add_working_days(self.today, n)
        return self.dates[n]

    def prepare(self, area_ids: set[str]) -> None:
        missing = area_ids - self.days.keys()
        if missing:
            self.days.update(config_int_by_area(DEADLINE_KEY, on=self.today, area_codes=missing))


def _ingest_batch(
    rows: list[dict[str, Any]],
    seen: set[tuple[str, str, str]],
    workers: dict[str, int],
    deadlines: _Deadlines,
    matched: Mapping[str, Matched],
) -> tuple[int, int]:
    numbers = list({f["id_number"] for f in rows})
    registered = _registered(numbers)
    known = Lead.objects.filter(id_number__in=in_values(numbers))
    seen.update(known.values_list("id_number", "rule_id", "period"))
    deadlines.prepare({r.area_id for r in registered.values()})
    new, unknown = [], 0
    for finding in rows:
        key = (finding["id_number"], finding["rule_id"], finding["period"])
        who = registered.get(finding["id_number"])
        if who is None:
            unknown += 1
        elif key not in seen:
            deadline = deadlines.for_area(who.area_id)
            match = matched.get(finding["id_number"])
            new.append(_lead(finding, who, deadline, workers.get(who.area_id), match))
            seen.add(key)
    bulk_insert(Lead, new)
    return len(new), unknown


@transaction.atomic
def leads_ingest(
    *,
    findings: Iterable[dict[str, Any]],
    today: dt.date,
    matched: Mapping[str, Matched] | None = None,
) -> IngestResult:
    """Turn published findings into leads, once per (person, rule, period).

    Set-based (bench/bench_leads.py): each batch of findings costs a fixed number of
    queries — people, their current households, existing leads, one bulk insert —
    and the deadline setting is resolved once per community, not once per finding.
    A finding about someone not in the registry is counted, not guessed at: the
    feeds can name people of other cities. `matched`: registry ID numbers some feed
    record reached through identity resolution (a mistyped number), whose leads show
    the match (one dictionary look-up per finding; exact matches cost nothing more).
    """
    workers, deadlines = _caseworkers(), _Deadlines(today)
    seen: set[tuple[str, str, str]] = set()
    total = created = unknown = 0
    stream = iter(findings)
    while rows := list(itertools.islice(stream, INGEST_BATCH)):
        made, missing = _ingest_batch(rows, seen, workers, deadlines, matched or {})
        total, created, unknown = total + len(rows), created + made, unknown + missing
    result = IngestResult(created, total - created - unknown, unknown)
    audit_record(
        actor=None,
        action=AuditAction.IMPORT,
        object_type="warning.lead",
        summary=f"预警线索入库：新增{result.created}条，已存在{result.already_open}条，"
        f"登记库无此人{result.unknown_person}条",
    )
    return result


def authorize(actor: User, lead: Lead, *, closing: bool = False) -> None:
    """Who may act on a lead: those who work personal data in its area (D0.3); closing
    stays with the community and the township (D5.3). Also the visit photos' rule."""
    if not actor.can(Capability.EDIT_PERSONAL) or not actor.reaches(lead.area_id):
        raise PermissionDenied("该线索不在您的管辖区域内，或您的角色无权办理")
    if closing and actor.role not in WORKERS:
        raise PermissionDenied("线索由社区（村）经办人或乡镇（街道）办结")


@transaction.atomic
def lead_visit_record(
    *, actor: User, lead: Lead, method: str, visited_on: dt.date, findings: str
) -> LeadVisit:
    """Record a phone call or home visit; the lead is then 已核实, ready for an outcome."""
    authorize(actor, lead)
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
    authorize(actor, lead, closing=True)
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
    authorize(actor, lead, closing=True)
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
    authorize(actor, lead)
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
