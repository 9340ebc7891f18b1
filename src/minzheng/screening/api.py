"""Screening endpoints of the JSON API (/api/v1/screening/). Thin: capability first
(403), then scope through the selectors (404), then one service or selector."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from minzheng.core.api.access import require
from minzheng.core.api.bounds import MAX_ID, PathId, RecordDate
from minzheng.core.paging import PageQuery, audited_page_slice, page_slice
from minzheng.core.roles import Capability
from minzheng.core.text import api_text
from minzheng.screening import selectors
from minzheng.screening.figures import campaign_figures
from minzheng.screening.models import Campaign, CampaignTarget, FollowUp, KeyHousehold, Visit
from minzheng.screening.models.campaigns import criteria_area_names
from minzheng.screening.services.tracking import Placement, follow_up_record
from minzheng.screening.services.visits import visit_record
from minzheng.screening.workflows import KEY_HOUSEHOLD

router = Router(tags=["screening"])


class CampaignQuery(PageQuery):
    status: str = Field("", max_length=32)


class TargetQuery(PageQuery):
    campaign_id: int | None = Field(None, ge=1, le=MAX_ID)


class KeyHouseholdQuery(PageQuery):
    status: str = Field("active", max_length=16)  # active / closed / all
    overdue: bool = False  # only those whose next follow-up date has passed


class RoundOut(Schema):
    number: int
    starts_on: dt.date
    ends_on: dt.date
    working_days: int


class CampaignOut(Schema):
    id: int
    name: str
    description: str
    layer: str
    area_code: str
    area_name: str
    status: str
    status_label: str
    population: dict[str, Any]
    population_description: list[str]
    population_date: dt.date | None
    rounds: list[RoundOut]

    @staticmethod
    def of(c: Campaign, area_names: Mapping[str, str] | None = None) -> CampaignOut:
        return CampaignOut(
            id=c.pk,
            name=c.name,
            description=c.description,
            layer=c.layer,
            area_code=c.area_id,
            area_name=c.area.name,
            status=c.status,
            status_label=c.status_label,
            population=c.population,
            population_description=c.population_summary(area_names),
            population_date=c.population_date,
            rounds=[RoundOut.from_orm(r) for r in c.rounds.all()],
        )


class CampaignPage(Schema):
    count: int
    page: int
    items: list[CampaignOut]


class RoundFiguresOut(Schema):
    number: int
    starts_on: dt.date
    ends_on: dt.date
    targets: int
    visited: int
    coverage_percent: Decimal | None
    person_times: int
    overdue: int


class FiguresOut(Schema):
    campaign_id: int
    scope_area_code: str
    targets: int
    visited: int
    coverage_percent: Decimal | None
    person_times: int
    identified_for_assistance: int
    placed_under_tracked_help: int
    referred: int
    not_found: int
    overdue_targets: int
    rounds: list[RoundFiguresOut]


class TargetOut(Schema):
    id: int
    campaign_id: int
    household_id: int
    household_number: str
    head_name: str
    person_id: int | None
    person_name: str
    area_code: str
    added_on: dt.date

    @staticmethod
    def of(t: CampaignTarget) -> TargetOut:
        head = t.household.head
        return TargetOut(
            id=t.pk,
            campaign_id=t.campaign_id,
            household_id=t.household_id,
            household_number=t.household.number,
            head_name=head.name if head else "",
            person_id=t.person_id,
            person_name=t.person.name if t.person else "",
            area_code=t.area_id,
            added_on=t.added_on,
        )


class TargetPage(Schema):
    count: int
    page: int
    items: list[TargetOut]


class VisitIn(Schema):
    visited_on: RecordDate
    method: str = Field(max_length=32)
    outcome: str = Field(max_length=32)
    situation: api_text(Visit, "situation")  # type: ignore[valid-type]
    # the next three only when the outcome places the household
    reason: api_text(KeyHousehold, "reason") = ""  # type: ignore[valid-type]
    help_plan: api_text(KeyHousehold, "help_plan") = ""  # type: ignore[valid-type]
    next_follow_up_on: RecordDate | None = None


class VisitOut(Schema):
    id: int
    target_id: int
    round_number: int
    visited_on: dt.date
    method: str
    outcome: str
    visitor: str
    key_household_id: int | None

    @staticmethod
    def of(v: Visit) -> VisitOut:
        return VisitOut(
            id=v.pk,
            target_id=v.target_id,
            round_number=v.round.number,
            visited_on=v.visited_on,
            method=v.method,
            outcome=v.outcome,
            visitor=v.visitor.username,
            key_household_id=v.key_household_id,
        )


class KeyHouseholdOut(Schema):
    id: int
    household_id: int
    household_number: str
    area_code: str
    campaign_id: int | None
    reason: str
    help_plan: str
    responsible: str
    started_on: dt.date
    next_follow_up_on: dt.date
    overdue: bool
    status: str
    status_label: str

    @staticmethod
    def of(k: KeyHousehold, today: dt.date) -> KeyHouseholdOut:
        return KeyHouseholdOut(
            id=k.pk,
            household_id=k.household_id,
            household_number=k.household.number,
            area_code=k.area_id,
            campaign_id=k.campaign_id,
            reason=k.reason,
            help_plan=k.help_plan,
            responsible=k.responsible.username,
            started_on=k.started_on,
            next_follow_up_on=k.next_follow_up_on,
            overdue=k.is_overdue(today),
            status=k.status,
            status_label=k.status_label,
        )


class KeyHouseholdPage(Schema):
    count: int
    page: int
    items: list[KeyHouseholdOut]


class FollowUpIn(Schema):
    followed_on: RecordDate
    method: str = Field(max_length=32)
    note: api_text(FollowUp, "note")  # type: ignore[valid-type]
    next_follow_up_on: RecordDate


class FollowUpOut(Schema):
    id: int
    key_household_id: int
    followed_on: dt.date
    followed_by: str
    method: str
    note: str
    next_follow_up_on: dt.date

    @staticmethod
    def of(f: FollowUp) -> FollowUpOut:
        return FollowUpOut(
            id=f.pk,
            key_household_id=f.key_household_id,
            followed_on=f.followed_on,
            followed_by=f.followed_by.username,
            method=f.method,
            note=f.note,
            next_follow_up_on=f.next_follow_up_on,
        )


@router.get("/campaigns", response=CampaignPage, summary="排查活动（涉及本辖区的）")
def campaign_list(request: HttpRequest, page: Query[CampaignQuery]) -> CampaignPage:
    user = require(request, Capability.VIEW_PERSONAL)
    qs = selectors.campaigns_visible(user).prefetch_related("rounds")
    if page.status:
        qs = qs.filter(status=page.status)
    count, rows = page_slice(qs, page)
    names = criteria_area_names(rows)
    items = [CampaignOut.of(c, names) for c in rows]
    return CampaignPage(count=count, page=page.page, items=items)


@router.get("/campaigns/{int:pk}", response=CampaignOut, summary="排查活动详情")
def campaign_detail(request: HttpRequest, pk: PathId) -> CampaignOut:
    user = require(request, Capability.VIEW_PERSONAL)
    return CampaignOut.of(selectors.campaign_for_reading(user, pk))


@router.get(
    "/campaigns/{int:pk}/figures",
    response=FiguresOut,
    summary="排查进度统计（本人辖区范围内；汇总数据）",
)
def campaign_figures_endpoint(request: HttpRequest, pk: PathId) -> FiguresOut:
    user = require(request, Capability.VIEW_DASHBOARD)
    campaign = selectors.campaign_for_reading(user, pk, Capability.VIEW_DASHBOARD)
    f = campaign_figures(user, campaign, timezone.localdate())
    rounds = [
        RoundFiguresOut(
            number=r.number,
            starts_on=r.starts_on,
            ends_on=r.ends_on,
            targets=r.targets,
            visited=r.visited,
            coverage_percent=r.coverage,
            person_times=r.person_times,
            overdue=r.overdue,
        )
        for r in f.rounds
    ]
    return FiguresOut(
        campaign_id=campaign.pk,
        scope_area_code=user.area_id or "",
        targets=f.targets,
        visited=f.visited,
        coverage_percent=f.coverage,
        person_times=f.person_times,
        identified_for_assistance=f.identified_for_assistance,
        placed_under_tracked_help=f.placed_under_tracked_help,
        referred=f.referred,
        not_found=f.not_found,
        overdue_targets=f.overdue_targets,
        rounds=rounds,
    )


@router.get("/targets", response=TargetPage, summary="排查对象（本辖区）")
def target_list(request: HttpRequest, page: Query[TargetQuery]) -> TargetPage:
    user = require(request, Capability.VIEW_PERSONAL)
    qs = selectors.targets_visible(user)
    if page.campaign_id is not None:
        qs = qs.filter(campaign_id=page.campaign_id)
    count, rows = audited_page_slice(
        qs.order_by("id"),
        page,
        actor=user,
        object_type="screening.campaigntarget",
        criteria={"排查活动": page.campaign_id},
    )
    return TargetPage(count=count, page=page.page, items=[TargetOut.of(t) for t in rows])


@router.post(
    "/targets/{int:pk}/visits",
    response={201: VisitOut},
    summary="登记走访（结论为纳入重点帮扶时须附帮扶计划）",
)
def visit_create(request: HttpRequest, pk: PathId, payload: VisitIn) -> Status:
    user = require(request, Capability.EDIT_PERSONAL)
    target = selectors.target_for_visit(user, pk)
    placement = Placement(payload.reason, payload.help_plan, payload.next_follow_up_on)
    visit = visit_record(
        actor=user,
        target=target,
        visited_on=payload.visited_on,
        method=payload.method,
        outcome=payload.outcome,
        situation=payload.situation,
        placement=placement,
    )
    return Status(201, VisitOut.of(visit))


@router.get("/key-households", response=KeyHouseholdPage, summary="重点帮扶户（本辖区）")
def key_household_list(request: HttpRequest, page: Query[KeyHouseholdQuery]) -> KeyHouseholdPage:
    user, today = require(request, Capability.VIEW_PERSONAL), timezone.localdate()
    qs = selectors.key_households_visible(user)
    if page.status in {"active", "closed"}:
        qs = qs.filter(status=page.status)
    if page.overdue:
        qs = qs.overdue(today)
    criteria = {
        "状态": KEY_HOUSEHOLD.criterion(page.status),
        "仅逾期": "是" if page.overdue else "",
    }
    count, rows = audited_page_slice(
        qs.order_by("id"),
        page,
        actor=user,
        object_type="screening.keyhousehold",
        criteria=criteria,
    )
    items = [KeyHouseholdOut.of(k, today) for k in rows]
    return KeyHouseholdPage(count=count, page=page.page, items=items)


@router.post(
    "/key-households/{int:pk}/follow-ups", response={201: FollowUpOut}, summary="登记跟踪回访"
)
def follow_up_create(request: HttpRequest, pk: PathId, payload: FollowUpIn) -> Status:
    user = require(request, Capability.EDIT_PERSONAL)
    record = selectors.key_household_for_reading(user, pk, log=False)
    follow_up = follow_up_record(actor=user, key_household=record, **payload.dict())
    return Status(201, FollowUpOut.of(follow_up))
