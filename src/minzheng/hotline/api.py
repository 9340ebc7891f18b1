"""Ticket endpoints of the JSON API (docs/hotlines.md): the tickets in the caller's
scope (sensitive ones only for the duties that handle them, D8.2), a ticket with its
timeline, intake by an operator, and the loop's transitions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from minzheng.core.api.bounds import PathId
from minzheng.core.forms import refusal
from minzheng.core.masking import mask_id_number, mask_name
from minzheng.core.models import Area, Person, User
from minzheng.core.paging import PageQuery, audited_page_slice
from minzheng.core.text import api_text
from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.hotline import selectors, services
from minzheng.hotline.models import Call, Ticket
from minzheng.hotline.workflows import INTAKE, TICKET

router = Router(tags=["hotline"])


def _reader(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not selectors.may_read(user):
        raise PermissionDenied("您的角色无权执行此操作")
    return user


class TicketOut(Schema):
    id: int
    number: str
    line: str
    category: str
    urgency: str
    sensitive: bool
    status: str
    status_label: str
    area_code: str
    unit_code: str | None
    person: str | None = Field(description="当事人（脱敏）")
    received_at: dt.datetime
    due_at: dt.datetime
    overdue: bool
    merged_into: str | None

    @staticmethod
    def of(t: Ticket) -> TicketOut:
        return TicketOut(
            id=t.pk,
            number=t.number,
            line=t.line,
            category=t.category,
            urgency=t.urgency,
            sensitive=t.sensitive,
            status=t.status,
            status_label=t.status_label,
            area_code=t.area_id,
            unit_code=t.unit_id,
            person=(
                f"{mask_name(t.person.name)} {mask_id_number(t.person.id_number)}"
                if t.person
                else None
            ),
            received_at=t.received_at,
            due_at=t.due_at,
            overdue=t.is_open and t.due_at < timezone.now(),
            merged_into=t.merged_into.number if t.merged_into_id and t.merged_into else None,
        )


class TimelineRow(Schema):
    at: dt.datetime
    what: str
    who: str
    text: str


class TicketDetail(TicketOut):
    summary: str
    reply: str
    timeline: list[TimelineRow]


class TicketQuery(PageQuery):
    status: str = Field("", max_length=32, description="状态代码；open 为在办；空为全部")
    line: str = Field("", max_length=16, description="children 或 funeral")


class TicketPage(Schema):
    count: int
    page: int
    items: list[TicketOut]


class IntakeIn(Schema):
    line: str = Field(max_length=16, description="children（儿童）或 funeral（殡葬）")
    category: str = Field(max_length=20)
    urgency: str = Field(max_length=8)
    caller_name: api_text(Call, "caller_name")  # type: ignore[valid-type]
    callback_phone: str = Field(max_length=12, pattern=r"^\d{3,12}$", description="3至12位数字")
    account: api_text(Call, "account")  # type: ignore[valid-type]
    area_code: str = Field(max_length=12, pattern=r"^\d{6,12}$", description="事发地区划代码")
    address: api_text(Ticket, "address") = ""  # type: ignore[valid-type]
    id_number: str = Field("", max_length=18, description="当事人身份证号（可空）")
    reporter_institution: str = Field("", max_length=100)


class TransitionIn(Schema):
    action: str = Field(max_length=20, description="accept dispatch reassign handle reply …")
    note: str = Field("", max_length=2000)
    unit_code: str = Field("", max_length=12, description="派单、改派：承办单位区划代码")
    satisfaction: str = Field("", max_length=12, description="评价：satisfied basic …")
    into: str = Field("", max_length=20, description="合并：目标工单编号")


@router.get("/tickets", response=TicketPage, summary="热线工单（本辖区）")
def ticket_list(request: HttpRequest, page: Query[TicketQuery]) -> TicketPage:
    user = _reader(request)
    qs = selectors.tickets_visible(user).select_related("merged_into")
    if page.status == "open":
        qs = qs.open()
    elif page.status:
        if page.status not in TICKET.states:
            raise ValidationError({"status": "没有该状态"})
        qs = qs.filter(status=page.status)
    if page.line:
        qs = qs.filter(line=page.line)
    count, rows = audited_page_slice(
        qs,
        page,
        actor=user,
        object_type="hotline.ticket",
        criteria={"状态": TICKET.criterion(page.status), "热线": page.line},
    )
    return TicketPage(count=count, page=page.page, items=[TicketOut.of(t) for t in rows])


def _detail(t: Ticket) -> TicketDetail:
    return TicketDetail(
        **TicketOut.of(t).dict(),
        summary=t.summary,
        reply=t.reply,
        timeline=[
            TimelineRow(**{k: r[k] for k in ("at", "what", "who", "text")})
            for r in selectors.timeline(t)
        ],
    )


@router.get(
    "/tickets/{int:pk}", response=TicketDetail, summary="工单详情与办理经过（记录查看日志）"
)
def ticket_detail(request: HttpRequest, pk: PathId) -> TicketDetail:
    user = _reader(request)
    return _detail(selectors.ticket_for_reading(user, pk))


@router.post("/tickets", response={201: TicketDetail}, summary="登记来电（热线接线员）")
def ticket_create(request: HttpRequest, payload: IntakeIn) -> Status[TicketDetail]:
    user = _reader(request)
    if not user.can(INTAKE):
        raise PermissionDenied("只有热线接线员可以登记来电")
    area = Area.objects.filter(code=payload.area_code).first()
    if area is None or not user.reaches(area.code):
        raise ValidationError({"area_code": "事发地不在本热线的受理范围内"})
    person = None
    if payload.id_number.strip():
        person = Person.objects.filter(id_number=payload.id_number.strip().upper()).first()
        if person is None:
            raise ValidationError({"id_number": "登记库中没有该身份证号"})
    ticket = services.ticket_intake(
        actor=user,
        line=payload.line,
        category=payload.category,
        urgency=payload.urgency,
        call=services.CallIn(
            payload.caller_name, payload.callback_phone, payload.account, timezone.now()
        ),
        area=area,
        address=payload.address,
        person=person,
        reporter_institution=payload.reporter_institution,
    )
    return Status(201, _detail(ticket))


@router.post("/tickets/{int:pk}/transitions", response=TicketDetail, summary="办理（流程动作）")
def ticket_transition(request: HttpRequest, pk: PathId, payload: TransitionIn) -> TicketDetail:
    user = _reader(request)
    ticket = selectors.ticket_for_reading(user, pk, log=False)
    if payload.action not in {t.action for t in TICKET.transitions}:
        raise ValidationError({"action": "没有该动作"})
    params: dict[str, object] = {}
    if payload.action in {"dispatch", "reassign"}:
        params["unit"] = Area.objects.filter(code=payload.unit_code).first()
    if payload.action == "rate":
        params["satisfaction"] = payload.satisfaction
    if payload.action == "merge":
        params["into"] = selectors.ticket_by_number(user, payload.into)
    try:
        services.act(ticket, payload.action, user, note=payload.note, **params)
    except ActionNotPermitted as refused:  # the role or duty may not: 403
        raise PermissionDenied(str(refused)) from refused
    except WorkflowError as exc:  # on the API's name of the field it is about
        if exc.field == "unit":
            exc.field = "unit_code"
        raise refusal(exc) from exc
    return _detail(selectors.ticket_for_reading(user, pk, log=False))
