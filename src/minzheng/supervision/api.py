"""Finding endpoints of the JSON API (/api/v1/supervision/...): area-scoped, paginated,
bounded filters (4xx naming the field), the workflow's actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from minzheng.core.api.access import require
from minzheng.core.api.bounds import PathId
from minzheng.core.forms import refusal
from minzheng.core.paging import PageQuery, audited_page_slice
from minzheng.core.roles import Capability
from minzheng.core.text import api_money, api_text
from minzheng.core.views_dashboard import dashboard_area
from minzheng.core.workflow import WorkflowError
from minzheng.core.workflow.definitions import ActionNotPermitted
from minzheng.supervision import selectors, services
from minzheng.supervision.models import OPEN_STATES, Finding, Rectification
from minzheng.supervision.workflows import FINDING

router = Router(tags=["supervision"])


class FindingOut(Schema):
    id: int
    rule_id: str
    platform: str
    status: str
    area_code: str
    id_number_masked: str
    person_id: int | None
    household_id: int | None
    # an organisation's finding (S014, S015): "elderly.facility:<id>" and its name; else ""
    subject: str
    subject_name: str
    programme: str
    first_month: str
    last_month: str
    months: int
    amount_at_risk: Decimal
    recovered: Decimal
    recovery_id: int | None
    recovery_status: str
    evidence: str
    assigned_to: str | None
    deadline: dt.date | None
    run_id: str
    period: str

    @staticmethod
    def of(f: Finding) -> FindingOut:
        return FindingOut(
            id=f.pk,
            rule_id=f.rule_id,
            platform=f.platform,
            status=f.status,
            area_code=f.area_id,
            id_number_masked=f.id_number_masked,
            person_id=f.person_id,
            household_id=f.household_id,
            subject=f.subject,
            subject_name=f.subject_name,
            programme=f.programme,
            first_month=f.first_month,
            last_month=f.last_month,
            months=f.months,
            amount_at_risk=f.amount_at_risk,
            recovered=f.recovered,
            recovery_id=f.recovery_id,
            recovery_status=f.recovery.status if f.recovery else "",
            evidence="；".join(f"{k}：{v}" if k else v for k, v in f.evidence_items),
            assigned_to=f.assigned_to.username if f.assigned_to else None,
            deadline=f.deadline,
            run_id=f.run_id,
            period=f.period,
        )


class FindingQuery(PageQuery):
    status: str = Field("active", max_length=16, description="状态；active 未办结，all 全部")
    platform: Literal["", "assistance", "elderly", "disability"] = Field(
        "", description="监管平台"
    )
    area: str = Field("", max_length=12, pattern=r"^\d{0,12}$", description="区划代码（本辖区内）")
    rule: str = Field("", max_length=8, pattern=r"^[A-Za-z0-9]*$", description="规则编号")
    overdue: bool = Field(False, description="只看超期未办结")


class FindingPage(Schema):
    count: int
    page: int
    items: list[FindingOut]


class VerifyIn(Schema):
    verdict: Literal["confirm", "dismiss"]
    note: api_text(Finding, "verdict_reason")  # type: ignore[valid-type]


class RectifyIn(Schema):
    kind: Literal["stop", "correct", "recover"]
    note: api_text(Rectification, "note")  # type: ignore[valid-type]
    amount: api_money("追回金额") | None = None  # type: ignore[valid-type]
    instalment: api_money("每月扣减金额") | None = None  # type: ignore[valid-type]


class CloseIn(Schema):
    note: api_text(Finding, "closing_evidence")  # type: ignore[valid-type]
    file_ref: api_text(Finding, "closing_file") = ""  # type: ignore[valid-type]


@router.get("/findings", response=FindingPage, summary="监管问题（本辖区）")
def finding_list(request: HttpRequest, page: Query[FindingQuery]) -> FindingPage:
    user = require(request, Capability.VIEW_PERSONAL)
    qs = selectors.findings_visible(user)
    if page.status == "active":
        qs = qs.filter(status__in=OPEN_STATES)
    elif page.status in FINDING.states:
        qs = qs.filter(status=page.status)
    elif page.status != "all":
        raise ValidationError({"status": "状态应为 active、all 或流程中的状态"})
    if page.platform:
        qs = qs.filter(platform=page.platform)
    if page.area:
        try:
            qs = qs.within_prefix(dashboard_area(user, page.area).prefix)
        except Exception as exc:  # outside the area or unknown: the same answer
            raise ValidationError({"area": "区划代码不在您的管辖区域内或不存在"}) from exc
    if page.rule:
        qs = qs.filter(rule_id=page.rule)
    if page.overdue:
        qs = selectors.overdue(qs, timezone.localdate())
    count, rows = audited_page_slice(
        qs,
        page,
        actor=user,
        object_type="supervision.finding",
        criteria={
            "状态": page.status,
            "平台": page.platform,
            "区划": page.area,
            "规则": page.rule,
        },
    )
    return FindingPage(count=count, page=page.page, items=[FindingOut.of(f) for f in rows])


@router.get("/findings/{int:pk}", response=FindingOut, summary="监管问题详情（记录查看日志）")
def finding_detail(request: HttpRequest, pk: PathId) -> FindingOut:
    user = require(request, Capability.VIEW_PERSONAL)
    return FindingOut.of(selectors.finding_for_reading(user, pk))


def _run(action: object) -> None:
    try:
        action()  # type: ignore[operator]
    except ActionNotPermitted as exc:
        raise PermissionDenied(str(exc)) from exc
    except WorkflowError as exc:  # on the field it is about, when it is about one
        raise refusal(exc) from exc


@router.post("/findings/{int:pk}/verify", response=FindingOut, summary="核实：属实或误报")
def finding_verify(request: HttpRequest, pk: PathId, payload: VerifyIn) -> FindingOut:
    user = require(request, Capability.EDIT_PERSONAL)
    finding = selectors.finding_for_reading(user, pk, log=False)
    _run(
        lambda: services.finding_verify(
            actor=user,
            finding=finding,
            verdict=payload.verdict,
            reason=payload.note,
            today=timezone.localdate(),
        )
    )
    return FindingOut.of(selectors.finding_for_reading(user, pk, log=False))


@router.post("/findings/{int:pk}/rectify", response=FindingOut, summary="整改：停发、纠正、追回")
def finding_rectify(request: HttpRequest, pk: PathId, payload: RectifyIn) -> FindingOut:
    user = require(request, Capability.EDIT_PERSONAL)
    finding = selectors.finding_for_reading(user, pk, log=False)
    _run(
        lambda: services.finding_rectify(
            actor=user, finding=finding, today=timezone.localdate(), **payload.dict()
        )
    )
    return FindingOut.of(selectors.finding_for_reading(user, pk, log=False))


@router.post("/findings/{int:pk}/close", response=FindingOut, summary="整改办结（附佐证）")
def finding_close(request: HttpRequest, pk: PathId, payload: CloseIn) -> FindingOut:
    user = require(request, Capability.EDIT_PERSONAL)
    finding = selectors.finding_for_reading(user, pk, log=False)
    _run(
        lambda: services.finding_close(
            actor=user,
            finding=finding,
            evidence=payload.note,
            file_ref=payload.file_ref,
            today=timezone.localdate(),
        )
    )
    return FindingOut.of(selectors.finding_for_reading(user, pk, log=False))
