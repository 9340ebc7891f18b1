"""Legal-education endpoints (/api/v1/legaledu/): activities in the caller's area and
the year's totals (figures only)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from minzheng.core.api.access import require
from minzheng.core.paging import PageQuery, page_slice
from minzheng.core.roles import Capability
from minzheng.legaledu.models import Activity
from minzheng.legaledu.totals import totals

router = Router(tags=["legaledu"])


class ActivityOut(Schema):
    id: int
    kind: str
    held_on: dt.date
    area_code: str
    venue: str
    topic: str
    organiser: str
    participant_count: int


class ActivityPage(Schema):
    count: int
    page: int
    items: list[ActivityOut]


class TotalsOut(Schema):
    year: int
    activities: int
    participants: int
    fair_participants: int
    plans: int
    plans_done: int


class YearQuery(Schema):
    year: int = Field(..., ge=2000, le=2100, description="年份")


@router.get("/activities", response=ActivityPage, summary="普法学法活动（本辖区）")
def activity_list(request: HttpRequest, page: Query[PageQuery]) -> ActivityPage:
    user = require(request, Capability.VIEW_PERSONAL)
    count, rows = page_slice(Activity.objects.visible_to(user), page)
    items = [
        ActivityOut(
            id=a.pk,
            kind=a.kind,
            held_on=a.held_on,
            area_code=a.area_id,
            venue=a.venue,
            topic=a.topic,
            organiser=a.organiser,
            participant_count=a.participant_count,
        )
        for a in rows
    ]
    return ActivityPage(count=count, page=page.page, items=items)


@router.get("/totals", response=TotalsOut, summary="普法学法汇总（本辖区；汇总数据）")
def totals_endpoint(request: HttpRequest, query: Query[YearQuery]) -> TotalsOut:
    user = require(request, Capability.VIEW_DASHBOARD)
    t = totals(user.scope_prefix, query.year)
    return TotalsOut(
        year=query.year,
        activities=t.activities,
        participants=t.participants,
        fair_participants=t.fair_participants,
        plans=t.plans,
        plans_done=t.plans_done,
    )
