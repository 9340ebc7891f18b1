"""Organisations endpoints of the JSON API (/api/v1/organisations/): the register in
the caller's area (D0.3: an organisation belongs to its domicile's area), one
organisation with its registration history, credit listings in force and party
branches, and the figures of the dashboard (no personal data). The legal
representative's name is masked; ID numbers never leave."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from minzheng.core.api.access import require
from minzheng.core.api.bounds import PathId
from minzheng.core.audit import audit_read
from minzheng.core.models import User
from minzheng.core.paging import PageQuery, audited_page_slice
from minzheng.core.roles import Capability
from minzheng.organisations import selectors
from minzheng.organisations.figures import OrganisationFigures, organisation_figures
from minzheng.organisations.models import Organisation, OrgType
from minzheng.organisations.workflows import ORGANISATION

router = Router(tags=["organisations"])


class OrganisationQuery(PageQuery):
    q: str = Field("", max_length=50, description="名称中的文字或统一社会信用代码")
    status: str = Field("", max_length=16, description="状态代码（registered 等），空为全部")
    org_type: str = Field("", max_length=12, description="association / service / foundation")


class OrganisationOut(Schema):
    id: int
    name: str
    credit_code: str
    org_type: str
    org_type_label: str
    area_code: str
    status: str
    status_label: str
    legal_rep_masked: str
    registered_on: dt.date
    trade_association: bool
    party_members: int
    listed_abnormal: bool = Field(description="在活动异常名录中")
    listed_serious: bool = Field(description="在严重违法失信名单中")

    @staticmethod
    def of(org: Organisation) -> OrganisationOut:
        lists = {x.list_kind for x in org.listings.all() if x.status == "listed"}
        return OrganisationOut(
            id=org.pk,
            name=org.name,
            credit_code=org.credit_code,
            org_type=org.org_type,
            org_type_label=org.get_org_type_display(),
            area_code=org.area_id,
            status=org.status,
            status_label=org.status_label,
            legal_rep_masked=org.legal_rep_masked,
            registered_on=org.registered_on,
            trade_association=org.trade_association,
            party_members=org.party_members,
            listed_abnormal="abnormal" in lists,
            listed_serious="serious" in lists,
        )


class OrganisationPage(Schema):
    count: int
    page: int
    items: list[OrganisationOut]


class EventOut(Schema):
    kind: str
    kind_label: str
    on: dt.date
    decision: str


class ListingOut(Schema):
    list_kind: str
    reason: str
    reason_label: str
    listed_on: dt.date
    status: str
    removed_on: dt.date | None


class BranchOut(Schema):
    name: str
    kind: str
    established_on: dt.date
    members: int
    last_result: str = Field(description="最近一次规范化建设评定结果，未评定为空")


class OrganisationDetailOut(OrganisationOut):
    address: str
    sponsor_unit: str
    business_scope: str
    registered_capital: Decimal
    events: list[EventOut]
    listings: list[ListingOut]
    branches: list[BranchOut]


@router.get("/organisations", response=OrganisationPage, summary="社会组织登记（本辖区）")
def organisation_list(request: HttpRequest, query: Query[OrganisationQuery]) -> OrganisationPage:
    user = require(request, Capability.VIEW_PERSONAL)
    qs = selectors.organisations_visible(user).prefetch_related("listings")
    q = query.q.strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(credit_code=q.upper()))
    if query.status:
        qs = qs.filter(status=query.status)
    if query.org_type:
        qs = qs.filter(org_type=query.org_type)
    count, rows = audited_page_slice(
        qs.order_by("name", "id"),
        query,
        actor=user,
        object_type="organisations.organisation",
        criteria={
            "名称或代码": q,
            "状态": ORGANISATION.criterion(query.status),
            "组织类型": dict(OrgType.choices).get(query.org_type, query.org_type or "全部"),
        },
    )
    return OrganisationPage(
        count=count, page=query.page, items=[OrganisationOut.of(o) for o in rows]
    )


@router.get("/organisations/{int:pk}", response=OrganisationDetailOut, summary="社会组织详情")
def organisation_detail(request: HttpRequest, pk: PathId) -> OrganisationDetailOut:
    user = require(request, Capability.VIEW_PERSONAL)
    org = selectors.organisation_for(user, pk)
    audit_read(actor=user, obj=org, summary=f"查看社会组织：{org.name}")
    branches = []
    for b in org.party_branches.prefetch_related("assessments"):
        last = max(b.assessments.all(), key=lambda a: a.year, default=None)
        branches.append(
            BranchOut(
                name=b.name,
                kind=b.kind,
                established_on=b.established_on,
                members=b.members,
                last_result=last.result if last else "",
            )
        )
    base = OrganisationOut.of(org).dict()
    return OrganisationDetailOut(
        **base,
        address=org.address,
        sponsor_unit=org.sponsor_unit,
        business_scope=org.business_scope,
        registered_capital=org.registered_capital,
        events=[
            EventOut(kind=e.kind, kind_label=e.get_kind_display(), on=e.on, decision=e.decision)
            for e in org.events.all()
        ],
        listings=[
            ListingOut(
                list_kind=x.list_kind,
                reason=x.reason,
                reason_label=x.get_reason_display(),
                listed_on=x.listed_on,
                status=x.status,
                removed_on=x.removed_on,
            )
            for x in org.listings.all()
        ],
        branches=branches,
    )


class FiguresQuery(Schema):
    year: int = Field(..., ge=2000, le=2100, description="年份")


class FiguresOut(Schema):
    year: int
    scope_area_code: str
    registered: int
    suspended: int
    listed_abnormal: int
    listed_serious: int
    trade_associations: int
    fee_reduction_amount: Decimal = Field(description="该年降费减负金额（元）")
    fee_reduction_enterprises: int
    fee_items_to_review: int
    party_branches: int
    without_branch: int | None = Field(
        description="党员达到规定人数而未建立党组织的社会组织数；人数标准未设置时为空"
    )
    registration_open: int = Field(description="办理中的成立、变更、注销登记申请")
    adopted_households: int


@router.get("/figures", response=FiguresOut, summary="社会组织汇总数据（本辖区；不含个人信息）")
def figures(request: HttpRequest, query: Query[FiguresQuery]) -> FiguresOut:
    user: User = require(request, Capability.VIEW_DASHBOARD)
    found: OrganisationFigures = organisation_figures(
        user.scope_prefix, query.year, timezone.localdate()
    )
    return FiguresOut(year=query.year, scope_area_code=user.area_id or "", **found.__dict__)
