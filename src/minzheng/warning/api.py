"""Lead endpoints of the JSON API."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from minzheng.core.api.access import require
from minzheng.core.api.bounds import PathId, RecordDate
from minzheng.core.forms import refusal
from minzheng.core.masking import mask_id_number
from minzheng.core.paging import PageQuery, audited_page_slice
from minzheng.core.roles import Capability
from minzheng.core.text import api_text
from minzheng.core.workflow import WorkflowError
from minzheng.warning import selectors, services
from minzheng.warning.models import Lead, LeadVisit
from minzheng.warning.workflows import LEAD

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
    # the feed's number was not the registry's: matched by identity resolution
    feed_id_number_masked: str
    match_weight: float | None
    match_probability: float | None

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
            feed_id_number_masked=mask_id_number(lead.feed_id_number),
            match_weight=lead.match_weight,
            match_probability=lead.match_probability,
        )


class VisitIn(Schema):
    method: str = Field(max_length=32, description="phone 或 home")
    visited_on: RecordDate
    findings: api_text(LeadVisit, "findings")  # type: ignore[valid-type]


class CloseIn(Schema):
    outcome: str = Field(max_length=32)
    note: api_text(Lead, "outcome_note")  # type: ignore[valid-type]
    referred_to: api_text(Lead, "referred_to") = ""  # type: ignore[valid-type]


class LeadQuery(PageQuery):
    status: str = Field("open", max_length=32, description="状态；all 为全部")


class LeadPage(Schema):
    count: int
    page: int
    items: list[LeadOut]


@router.get("/leads", response=LeadPage, summary="预警线索（本辖区）")
def lead_list(request: HttpRequest, page: Query[LeadQuery]) -> LeadPage:
    user = require(request, Capability.VIEW_PERSONAL)
    qs = selectors.leads_visible(user)
    if page.status != "all":
        qs = qs.filter(status=page.status)
    count, rows = audited_page_slice(
        qs,
        page,
        actor=user,
        object_type="warning.lead",
        criteria={"状态": LEAD.criterion(page.status)},
    )
    return LeadPage(count=count, page=page.page, items=[LeadOut.of(lead) for lead in rows])


@router.get("/leads/{int:pk}", response=LeadOut, summary="线索详情（记录查看日志）")
def lead_detail(request: HttpRequest, pk: PathId) -> LeadOut:
    user = require(request, Capability.VIEW_PERSONAL)
    return LeadOut.of(selectors.lead_for_reading(user, pk))


@router.post("/leads/{int:pk}/visits", response=LeadOut, summary="录入核实情况")
def lead_visit(request: HttpRequest, pk: PathId, payload: VisitIn) -> LeadOut:
    user = require(request, Capability.EDIT_PERSONAL)
    lead = selectors.lead_for_reading(user, pk, log=False)
    if payload.method not in {"phone", "home"}:
        raise ValidationError({"method": "核实方式应为 phone 或 home"})
    services.lead_visit_record(actor=user, lead=lead, **payload.dict())
    return LeadOut.of(lead)


@router.post("/leads/{int:pk}/close", response=LeadOut, summary="办结（调整、无需救助、转介）")
def lead_close(request: HttpRequest, pk: PathId, payload: CloseIn) -> LeadOut:
    user = require(request, Capability.EDIT_PERSONAL)
    lead = selectors.lead_for_reading(user, pk, log=False)
    try:
        services.lead_close(actor=user, lead=lead, today=timezone.localdate(), **payload.dict())
    except WorkflowError as exc:  # on the field it is about, when it is about one
        raise refusal(exc) from exc
    return LeadOut.of(lead)
