"""Lead endpoints of the JSON API."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from minzheng.core.api.access import require
from minzheng.core.audit import audit_search
from minzheng.core.roles import Capability
from minzheng.core.workflow import WorkflowError
from minzheng.warning import selectors, services
from minzheng.warning.models import Lead

router = Router(tags=["warning"])


class LeadOut(Schema):
    id: int
    rule_id: str
    rule_title: str
    severity: str
    period: str
    status: str
    area_code: str
    person_id: int | None
    household_id: int | None
    evidence: str
    assigned_to: str | None
    deadline: dt.date | None
    outcome: str

    @staticmethod
    def of(lead: Lead) -> LeadOut:
        return LeadOut(
            id=lead.pk,
            rule_id=lead.rule_id,
            rule_title=lead.rule_title,
            severity=lead.severity,
            period=lead.period,
            status=lead.status,
            area_code=lead.area_id,
            person_id=lead.person_id,
            household_id=lead.household_id,
            evidence=lead.evidence,
            assigned_to=lead.assigned_to.username if lead.assigned_to else None,
            deadline=lead.deadline,
            outcome=lead.outcome,
        )


class VisitIn(Schema):
    method: str
    visited_on: dt.date
    findings: str


class CloseIn(Schema):
    outcome: str
    note: str
    referred_to: str = ""


@router.get("/leads", response=list[LeadOut], summary="预警线索（本辖区）")
def lead_list(request: HttpRequest, status: str = "open", limit: int = 100) -> list[LeadOut]:
    user = require(request, Capability.VIEW_PERSONAL)
    qs = selectors.leads_visible(user)
    if status != "all":
        qs = qs.filter(status=status)
    items = [LeadOut.of(lead) for lead in qs[: max(1, min(limit, 1000))]]
    criteria = {"状态": status, "条数上限": limit}
    audit_search(actor=user, object_type="warning.lead", criteria=criteria, rows=len(items))
    return items


@router.get("/leads/{int:pk}", response=LeadOut, summary="线索详情（记录查看日志）")
def lead_detail(request: HttpRequest, pk: int) -> LeadOut:
    user = require(request, Capability.VIEW_PERSONAL)
    return LeadOut.of(selectors.lead_for_reading(user, pk))


@router.post("/leads/{int:pk}/visits", response=LeadOut, summary="录入核实情况")
def lead_visit(request: HttpRequest, pk: int, payload: VisitIn) -> LeadOut:
    user = require(request, Capability.EDIT_PERSONAL)
    lead = selectors.lead_for_reading(user, pk, log=False)
    if payload.method not in {"phone", "home"}:
        raise ValidationError({"method": "核实方式应为 phone 或 home"})
    services.lead_visit_record(actor=user, lead=lead, **payload.dict())
    return LeadOut.of(lead)


@router.post("/leads/{int:pk}/close", response=LeadOut, summary="办结（调整、无需救助、转介）")
def lead_close(request: HttpRequest, pk: int, payload: CloseIn) -> LeadOut:
    user = require(request, Capability.EDIT_PERSONAL)
    lead = selectors.lead_for_reading(user, pk, log=False)
    try:
        services.lead_close(actor=user, lead=lead, today=timezone.localdate(), **payload.dict())
    except WorkflowError as exc:
        raise ValidationError(str(exc)) from exc
    return LeadOut.of(lead)
