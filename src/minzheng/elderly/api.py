"""Elderly-services endpoints (/api/v1/elderly/): the facilities in the caller's area and
the latest coverage figures of the 15-minute circle (figures only)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from minzheng.analytics.elderly.circle import ANY, GROUPS
from minzheng.core.api.access import require
from minzheng.core.paging import PageQuery, page_slice
from minzheng.core.roles import Capability
from minzheng.elderly import selectors
from minzheng.elderly.models import FacilityKind

router = Router(tags=["elderly"])
KINDS = "|".join([ANY, *FacilityKind.values])


class FacilityOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    area_code: str
    parent_id: int | None
    operator: str
    address: str
    longitude: Decimal
    latitude: Decimal
    hours: str
    services: list[str]
    capacity: int
    opened_on: dt.date


class FacilityPage(Schema):
    count: int
    page: int
    items: list[FacilityOut]


class CoverageQuery(Schema):
    level: str = Field(
        "county", max_length=9, pattern="^(city|county|township|community)$", description="层级"
    )
    kind: str = Field(
        ANY, max_length=32, pattern=f"^({KINDS})$", description="设施类型，any为任一类"
    )
    group: str = Field(
        "aged60", max_length=32, pattern=f"^({'|'.join(GROUPS)})$", description="人群"
    )


class CoverageOut(Schema):
    area_code: str
    name: str
    elderly: int
    covered: int


class CoverageAnswer(Schema):
    measured_on: dt.date | None
    walk_distance_m: int | None
    detour_factor: Decimal | None
    items: list[CoverageOut]


@router.get("/facilities", response=FacilityPage, summary="养老服务设施（本辖区）")
def facility_list(request: HttpRequest, page: Query[PageQuery]) -> FacilityPage:
    user = require(request, Capability.VIEW_PERSONAL)
    count, rows = page_slice(selectors.facilities_visible(user), page)
    items = [
        FacilityOut(
            id=f.pk,
            name=f.name,
            kind=f.kind,
            status=f.status,
            area_code=f.area_id,
            parent_id=f.parent_id,
            operator=f.operator.name,
            address=f.address,
            longitude=f.longitude,
            latitude=f.latitude,
            hours=f.hours,
            services=f.services,
            capacity=f.capacity,
            opened_on=f.opened_on,
        )
        for f in rows
    ]
    return FacilityPage(count=count, page=page.page, items=items)


@router.get(
    "/coverage", response=CoverageAnswer, summary="15分钟养老服务圈覆盖（本辖区；汇总数据）"
)
def coverage(request: HttpRequest, query: Query[CoverageQuery]) -> CoverageAnswer:
    user = require(request, Capability.VIEW_DASHBOARD)
    run = selectors.latest_run(user)
    if run is None:
        return CoverageAnswer(measured_on=None, walk_distance_m=None, detour_factor=None, items=[])
    rows = selectors.coverage_rows(
        user, run, level=query.level, prefix="", kind=query.kind, group=query.group
    )
    return CoverageAnswer(
        measured_on=run.measured_on,
        walk_distance_m=run.walk_distance_m,
        detour_factor=run.detour_factor,
        items=[
            CoverageOut(area_code=r.area_code, name=r.name, elderly=r.elderly, covered=r.covered)
            for r in rows
        ],
    )
