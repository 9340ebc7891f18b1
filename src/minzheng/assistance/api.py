"""Assistance endpoints of the JSON API, including the public policy calculator."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from minzheng.assistance import selectors
from minzheng.assistance.calculator import MAX_BODY, calculate_for_area, read_json, too_large
from minzheng.assistance.case_actions import application_act, available_actions
from minzheng.assistance.models import Application, Channel, Track
from minzheng.assistance.models.applications import ASSISTANCE_PROCEDURES
from minzheng.assistance.policy.schema import (
    CalculatorErrors,
    CalculatorRequest,
    CalculatorResponse,
    inline_schema,
)
from minzheng.assistance.services.applications import application_submit
from minzheng.assistance.workflows import case_state_criterion
from minzheng.core import selectors as core_selectors
from minzheng.core.api.access import require
from minzheng.core.api.body import FREE_OBJECT_BODY, action_body
from minzheng.core.api.bounds import MAX_ID, PathId, RecordDate
from minzheng.core.forms import refusal
from minzheng.core.models import Area, User
from minzheng.core.paging import PageQuery, audited_page_slice
from minzheng.core.roles import Capability
from minzheng.core.text import api_text
from minzheng.core.workflow import WorkflowError

router = Router(tags=["assistance"])
DEFAULT_AREA = "320300"


@router.post(
    "/calculate",
    auth=None,
    summary="政策计算器（公开；不保存数据）",
    response={
        200: CalculatorResponse,
        400: CalculatorErrors,
        413: CalculatorErrors,
        422: CalculatorErrors,
    },
    description='按家庭情况测算各救助项目的资格、金额和理由（请求版本 "1"）。area_code '
    "指定适用哪个区划的标准（默认全市）；未配置标准时使用标注为示例的默认值。"
    "请求有误时答复 422（JSON 格式有误 400，请求体超过 256 KB 413），"
    "errors 列出每个出错字段的路径和中文说明。",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": inline_schema(CalculatorRequest)}},
        }
    },
)
def calculate(request: HttpRequest, area_code: str = DEFAULT_AREA) -> Any:
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY:
        return Status(413, too_large())
    data, error = read_json(request.body)
    if error is not None:
        return Status(400, error)
    area = Area.objects.filter(code=area_code[:12]).first()
    if area is None:
        return Status(
            400,
            {
                "version": "1",
                "ok": False,
                "errors": [{"path": "area_code", "message": f"区划代码{area_code[:12]}不存在"}],
            },
        )
    result = calculate_for_area(data, area)
    return result if result.get("ok") else Status(422, result)


class ApplicationOut(Schema):
    id: int
    number: str
    track: str
    programme: str
    status: str
    status_label: str
    household_id: int
    applicant_name: str
    area_code: str
    applied_on: dt.date
    accepted_on: dt.date | None
    deadline: dt.date | None
    total_deadline: dt.date | None
    proposed_amount: Decimal | None
    decided_amount: Decimal | None
    missing_documents: list[str]
    available_actions: list[str]

    @staticmethod
    def of(app: Application, user: User) -> ApplicationOut:
        return ApplicationOut(
            id=app.pk,
            number=app.number,
            track=app.track,
            programme=app.programme,
            status=app.status,
            status_label=app.status_label,
            household_id=app.household_id,
            applicant_name=app.applicant.name,
            area_code=app.area_id,
            applied_on=app.applied_on,
            accepted_on=app.accepted_on,
            deadline=app.deadline,
            total_deadline=app.total_deadline,
            proposed_amount=app.proposed_amount,
            decided_amount=app.decided_amount,
            missing_documents=list(app.missing_documents),
            available_actions=[a.name for a in available_actions(app, user)],
        )


class ApplicationIn(Schema):
    household_id: int = Field(ge=1, le=MAX_ID)
    applicant_id: int = Field(ge=1, le=MAX_ID)
    programme: str = Field(max_length=32)
    channel: str = Field(max_length=32)
    track: str = Field("regular", max_length=32)
    delegate_name: api_text(Application, "delegate_name") = ""  # type: ignore[valid-type]
    pledge_signed: bool = False
    urgency_reason: str = Field("", max_length=300)
    applied_on: RecordDate | None = None

    @field_validator("programme", "channel", "track")
    @classmethod
    def known_code(cls, value: str, info: ValidationInfo) -> str:
        """A code the service cannot read was a 500 (found by the fuzzer)."""
        allowed = {
            "programme": [p.value for p in ASSISTANCE_PROCEDURES],
            "channel": list(Channel.values),
            "track": [Track.REGULAR.value, Track.FAST.value],
        }[info.field_name or ""]
        if value not in allowed:
            raise PydanticCustomError("code", "应为以下之一：" + "、".join(allowed))
        return value


ActionName = Path[Annotated[str, Field(max_length=32)]]


class ApplicationQuery(PageQuery):
    status: str = Field("", max_length=32)


class ApplicationPage(Schema):
    count: int
    page: int
    items: list[ApplicationOut]


@router.get("/applications", response=ApplicationPage, summary="救助案件（本辖区）")
def application_list(request: HttpRequest, page: Query[ApplicationQuery]) -> ApplicationPage:
    user = require(request, Capability.VIEW_PERSONAL)
    qs = selectors.applications_visible(user)
    if page.status:
        qs = qs.filter(status=page.status)
    count, rows = audited_page_slice(
        qs,
        page,
        actor=user,
        object_type="assistance.application",
        criteria={"状态": case_state_criterion(page.status)},
    )
    return ApplicationPage(
        count=count, page=page.page, items=[ApplicationOut.of(a, user) for a in rows]
    )


@router.get("/applications/{int:pk}", response=ApplicationOut, summary="案件详情（记录查看日志）")
def application_detail(request: HttpRequest, pk: PathId) -> ApplicationOut:
    user = require(request, Capability.VIEW_PERSONAL)
    return ApplicationOut.of(selectors.application_for_reading(user, pk), user)


@router.post("/applications", response={201: ApplicationOut}, summary="提交救助申请")
def application_create(request: HttpRequest, payload: ApplicationIn) -> Status:
    user = require(request, Capability.EDIT_PERSONAL)
    household = core_selectors.household_for_reading(user, payload.household_id, log=False)
    applicant = core_selectors.person_for_reading(user, payload.applicant_id, log=False)
    data = payload.dict(exclude={"household_id", "applicant_id"})
    app = application_submit(actor=user, household=household, applicant=applicant, **data)
    return Status(201, ApplicationOut.of(app, user))


@router.post(
    "/applications/{int:pk}/actions/{name}",
    response=ApplicationOut,
    summary="办理（受理、调查、审核、公示、审批、先行发放、核查……）",
    description="请求体为该动作表单的字段（JSON），例如 approve: "
    '{"amount": "780.00", "covered_members": 2}',
    openapi_extra=FREE_OBJECT_BODY,
)
def application_action(request: HttpRequest, pk: PathId, name: ActionName) -> ApplicationOut:
    user = require(request, Capability.EDIT_PERSONAL)
    app = selectors.application_for_reading(user, pk, log=False)
    data = action_body(request.body)
    try:
        application_act(
            actor=user,
            application=app,
            name=name,
            data=data,
            today=timezone.localdate(),
            prefixed=False,
        )
    except WorkflowError as exc:  # on the field it is about, when it is about one
        raise refusal(exc) from exc
    app.refresh_from_db()
    return ApplicationOut.of(app, user)
