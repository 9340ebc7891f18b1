"""Licensing endpoints of the JSON API (/api/v1/licensing/): the items with their
limits in force, applications in the caller's scope with both due dates (D15.3), and
the on-time rates (figures only). Applicants' ID numbers and phones are masked."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from minzheng.core.api.access import require
from minzheng.core.api.bounds import PathId
from minzheng.core.config import values
from minzheng.core.masking import mask_id_number, mask_phone
from minzheng.core.models import User
from minzheng.core.paging import PageQuery, audited_page_slice
from minzheng.core.roles import Capability
from minzheng.core.workdays import WorkingCalendar, get_calendar
from minzheng.licensing import selectors
from minzheng.licensing.clocks import Clock
from minzheng.licensing.deadlines import clocks_of
from minzheng.licensing.items import all_items
from minzheng.licensing.models import ApplicantKind, LicenceApplication
from minzheng.licensing.rates import Rate, on_time_rates
from minzheng.licensing.workflows import LICENCE

router = Router(tags=["licensing"])


class ItemOut(Schema):
    code: str
    name: str
    basis: str
    levels: list[str]
    statutory_working_days: int | None = Field(
        description="今日施行的法定时限（单位见 unit；名称沿用，按日计的事项为日数）"
    )
    promised_working_days: int | None = Field(description="今日施行的承诺时限（单位见 unit）")
    unit: str = Field(description="时限单位：working_days 工作日，calendar_days 日（D10.6）")
    materials: dict[str, str]


class ClockOut(Schema):
    limit: int = Field(description="时限（单位见 unit，含批准的延长）")
    unit: str = Field(description="working_days 工作日，calendar_days 日")
    due: dt.date | None = Field(description="办结日期；计时中止期间为空")
    used: int
    remaining: int
    paused: bool


class ApplicationOut(Schema):
    id: int
    number: str
    item_code: str
    item_name: str
    authority_code: str
    applicant_kind: str
    applicant_name: str
    applicant_code_masked: str
    contact_phone_masked: str
    subject: str
    status: str
    status_label: str
    received_on: dt.date
    accepted_on: dt.date | None
    deemed_accepted: bool
    promised: ClockOut | None
    statutory: ClockOut | None
    extension_days: int
    decided_on: dt.date | None
    outcome: str
    within_statutory: bool | None
    within_promised: bool | None
    delivery_due: dt.date | None
    delivered_on: dt.date | None

    @staticmethod
    def of(
        a: LicenceApplication, today: dt.date, calendar: WorkingCalendar | None = None
    ) -> ApplicationOut:
        clocks = clocks_of(a, today, calendar)
        code = a.applicant_code
        masked = mask_id_number(code) if a.applicant_kind == ApplicantKind.PERSON else code
        return ApplicationOut(
            id=a.pk,
            number=a.number,
            item_code=a.item_code,
            item_name=all_items()[a.item_code].name if a.item_code in all_items() else "",
            authority_code=a.area_id,
            applicant_kind=a.applicant_kind,
            applicant_name=a.applicant_name,
            applicant_code_masked=masked,
            contact_phone_masked=mask_phone(a.contact_phone),
            subject=a.subject,
            status=a.status,
            status_label=LICENCE.label(a.status),
            received_on=a.received_on,
            accepted_on=a.accepted_on,
            deemed_accepted=a.deemed_accepted,
            promised=_clock(clocks.promised),
            statutory=_clock(clocks.statutory),
            extension_days=a.extension_days,
            decided_on=a.decided_on,
            outcome=a.outcome,
            within_statutory=a.within_statutory,
            within_promised=a.within_promised,
            delivery_due=a.delivery_due,
            delivered_on=a.delivered_on,
        )


def _clock(c: Clock | None) -> ClockOut | None:
    if c is None:
        return None
    return ClockOut(
        limit=c.limit,
        unit=c.unit,
        due=c.due,
        used=c.used,
        remaining=c.remaining,
        paused=c.paused,
    )


class ApplicationPage(Schema):
    count: int
    page: int
    items: list[ApplicationOut]


class ApplicationQuery(PageQuery):
    status: str = Field("", max_length=32, description="状态代码，空为全部")
    item: str = Field("", max_length=64, description="许可事项代码，空为全部")


class RateOut(Schema):
    item: str
    month: int | None
    decided: int
    within_statutory: int
    within_promised: int
    statutory_rate: str
    promised_rate: str

    @staticmethod
    def of(r: Rate) -> RateOut:
        return RateOut(
            item=r.item,
            month=r.month,
            decided=r.decided,
            within_statutory=r.within_statutory,
            within_promised=r.within_promised,
            statutory_rate=r.statutory_rate,
            promised_rate=r.promised_rate,
        )


class RatesOut(Schema):
    year: int
    scope_area_code: str
    total: RateOut
    by_item: list[RateOut]
    by_month: list[RateOut]


class RatesQuery(Schema):
    year: int = Field(..., ge=2000, le=2100, description="年份")


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


@router.get("/items", response=list[ItemOut], summary="行政许可事项及今日施行的时限")
def item_list(request: HttpRequest) -> list[ItemOut]:
    assert isinstance(request.user, User)
    today = timezone.localdate()
    out = []
    for i in all_items().values():
        limits = values([i.statutory_limit, i.promised_limit], area=None, on=today)
        out.append(
            ItemOut(
                code=i.code,
                name=i.name,
                basis=i.basis,
                levels=list(i.levels),
                statutory_working_days=_int(limits.get(i.statutory_limit)),
                promised_working_days=_int(limits.get(i.promised_limit)),
                unit=i.unit,
                materials=dict(i.materials),
            )
        )
    return out


@router.get("/applications", response=ApplicationPage, summary="行政许可申请（本辖区）")
def application_list(request: HttpRequest, page: Query[ApplicationQuery]) -> ApplicationPage:
    user = require(request, Capability.VIEW_PERSONAL)
    qs = selectors.applications_visible(user)
    if page.status:
        qs = qs.filter(status=page.status)
    if page.item:
        qs = qs.filter(item_code=page.item)
    count, rows = audited_page_slice(
        qs,
        page,
        actor=user,
        object_type="licensing.licenceapplication",
        criteria={"状态": LICENCE.criterion(page.status), "事项": page.item or "全部"},
    )
    today, calendar = timezone.localdate(), get_calendar()
    items = [ApplicationOut.of(a, today, calendar) for a in rows]
    return ApplicationPage(count=count, page=page.page, items=items)


@router.get("/applications/{int:pk}", response=ApplicationOut, summary="行政许可申请详情")
def application_detail(request: HttpRequest, pk: PathId) -> ApplicationOut:
    user = require(request, Capability.VIEW_PERSONAL)
    application = selectors.application_for_reading(user, pk)
    return ApplicationOut.of(application, timezone.localdate())


@router.get("/rates", response=RatesOut, summary="按时办结率（本辖区；汇总数据）")
def rates(request: HttpRequest, query: Query[RatesQuery]) -> RatesOut:
    user = require(request, Capability.VIEW_DASHBOARD)
    by_item, by_month, total = on_time_rates(user.scope_prefix, query.year)
    return RatesOut(
        year=query.year,
        scope_area_code=user.area_id or "",
        total=RateOut.of(total),
        by_item=[RateOut.of(r) for r in by_item],
        by_month=[RateOut.of(r) for r in by_month],
    )
