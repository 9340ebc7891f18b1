"""Benefits endpoints of the JSON API (/api/v1/benefits/): the cases of the user's area
(the disability two subsidies, D4.5; the care-service subsidy, D7.4), one case with its
history, a decision step through the workflow engine, and the recipients in payment
(D13.3). Names are masked and ID numbers never leave; lists are paged and audited;
every input is bounded and a refusal is a 4xx naming the field (never a 500)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from minzheng.assistance.entitlements import amount_in
from minzheng.assistance.policy.vocabulary import Programme
from minzheng.benefits import selectors
from minzheng.benefits.services.care_service import care_act
from minzheng.benefits.services.disability import disability_act
from minzheng.benefits.workflows import CARE_SERVICE, DISABILITY
from minzheng.core.api.access import require
from minzheng.core.api.bounds import PathId
from minzheng.core.audit import audit_read
from minzheng.core.forms import refusal
from minzheng.core.masking import mask_name
from minzheng.core.models import User
from minzheng.core.paging import PageQuery, audited_page_slice
from minzheng.core.roles import Capability
from minzheng.core.text import text_problem
from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.core.workflow.engine import allowed_actions, history

router = Router(tags=["benefits"])
KIND_PATTERN = "^(disability|care_service)$"
WORKFLOWS = {"disability": DISABILITY, "care_service": CARE_SERVICE}
BENEFITS = (
    Programme.DISABILITY_LIVING_SUBSIDY.value,
    Programme.DISABILITY_CARE_SUBSIDY.value,
    Programme.OLD_AGE_ALLOWANCE.value,
    Programme.ELDERLY_CARE_SERVICE_SUBSIDY.value,
)
PROGRAMME_PATTERN = "^(|" + "|".join(BENEFITS) + ")$"


class BenefitCaseQuery(PageQuery):
    kind: str = Field(
        "disability",
        max_length=12,
        pattern=KIND_PATTERN,
        description="disability（两项补贴）/ care_service（养老服务补贴）",
    )
    status: str = Field("", max_length=16, description="状态代码（received 等），空为全部")


class BenefitKindQuery(Schema):
    kind: str = Field(
        "disability",
        max_length=12,
        pattern=KIND_PATTERN,
        description="disability（两项补贴）/ care_service（养老服务补贴）",
    )


class BenefitCaseOut(Schema):
    id: int
    kind: str
    number: str
    applicant_masked: str
    area_code: str
    status: str
    status_label: str
    applied_on: dt.date
    decided_on: dt.date | None
    amounts: dict[str, Decimal] = Field(description="批准的月发放金额，按补贴项目代码")


class BenefitCasePage(Schema):
    count: int
    page: int
    items: list[BenefitCaseOut]


class BenefitStepOut(Schema):
    action: str
    from_state: str
    to_state: str
    note: str
    at: dt.datetime


class BenefitCaseDetailOut(BenefitCaseOut):
    deadline: dt.date | None
    notice: str
    reasons: list[str]
    actions: list[str] = Field(description="当前用户可办理的动作")
    history: list[BenefitStepOut]


class BenefitDecisionIn(Schema):
    kind: str = Field("disability", max_length=12, pattern=KIND_PATTERN)
    action: str = Field(max_length=20, description="accept check review decide refuse …")
    note: str = Field("", max_length=300, description="意见或理由（不予批准、退回、撤回必填）")


class BenefitRecipientQuery(PageQuery):
    programme: str = Field(
        "", max_length=32, pattern=PROGRAMME_PATTERN, description="补贴项目代码，空为全部"
    )


class BenefitRecipientOut(Schema):
    id: int
    programme: str
    programme_label: str
    name_masked: str
    area_code: str
    starts_on: dt.date
    ends_on: dt.date | None
    status: str
    amount_this_month: Decimal


class BenefitRecipientPage(Schema):
    count: int
    page: int
    items: list[BenefitRecipientOut]


def _amounts(case: Any, kind: str) -> dict[str, Decimal]:
    if kind == "care_service":
        amount = getattr(case, "amount", None)
        return {Programme.ELDERLY_CARE_SERVICE_SUBSIDY.value: amount} if amount else {}
    found = {
        Programme.DISABILITY_LIVING_SUBSIDY.value: getattr(case, "living_amount", None),
        Programme.DISABILITY_CARE_SUBSIDY.value: getattr(case, "care_amount", None),
    }
    return {k: v for k, v in found.items() if v is not None}


def _case_out(case: Any, kind: str) -> BenefitCaseOut:
    workflow = WORKFLOWS[kind]
    return BenefitCaseOut(
        id=case.pk,
        kind=kind,
        number=case.number,
        applicant_masked=mask_name(case.person.name),
        area_code=case.area_id,
        status=case.status,
        status_label=workflow.label(case.status),
        applied_on=case.applied_on,
        decided_on=case.decided_on,
        amounts=_amounts(case, kind),
    )


def _visible(user: User, kind: str) -> Any:
    if kind == "care_service":
        return selectors.care_cases_visible(user)
    return selectors.applications_visible(user)


def _case(user: User, pk: int, kind: str) -> Any:
    return (
        selectors.care_case_for(user, pk)
        if kind == "care_service"
        else selectors.application_for(user, pk)
    )


def _detail(user: User, case: Any, kind: str) -> BenefitCaseDetailOut:
    base = _case_out(case, kind).dict()
    return BenefitCaseDetailOut(
        **base,
        deadline=case.deadline,
        notice=case.notice,
        reasons=list(case.reasons),
        actions=[t.action for t in allowed_actions(case, user)],
        history=[
            BenefitStepOut(
                action=log.action,
                from_state=log.from_state,
                to_state=log.to_state,
                note=log.note,
                at=log.at,
            )
            for log in history(case)
        ],
    )


@router.get("/cases", response=BenefitCasePage, summary="补贴申请（本辖区）")
def case_list(request: HttpRequest, query: Query[BenefitCaseQuery]) -> BenefitCasePage:
    user = require(request, Capability.VIEW_PERSONAL)
    qs = _visible(user, query.kind)
    if query.status:
        if query.status not in WORKFLOWS[query.kind].states:
            raise ValidationError({"status": "没有该状态"})
        qs = qs.filter(status=query.status)
    count, rows = audited_page_slice(
        qs.order_by("-applied_on", "-id"),
        query,
        actor=user,
        object_type=f"benefits.{query.kind}",
        criteria={"类别": query.kind, "状态": WORKFLOWS[query.kind].criterion(query.status)},
    )
    return BenefitCasePage(
        count=count, page=query.page, items=[_case_out(c, query.kind) for c in rows]
    )


@router.get("/cases/{int:pk}", response=BenefitCaseDetailOut, summary="补贴申请详情")
def case_detail(
    request: HttpRequest, pk: PathId, query: Query[BenefitKindQuery]
) -> BenefitCaseDetailOut:
    user = require(request, Capability.VIEW_PERSONAL)
    case = _case(user, pk, query.kind)
    audit_read(actor=user, obj=case, summary=f"查看{case.number}")
    return _detail(user, case, query.kind)


@router.post(
    "/cases/{int:pk}/decisions", response=BenefitCaseDetailOut, summary="办理（流程动作）"
)
def case_decide(
    request: HttpRequest, pk: PathId, payload: BenefitDecisionIn
) -> BenefitCaseDetailOut:
    user = require(request, Capability.VIEW_PERSONAL)
    case = _case(user, pk, payload.kind)
    if payload.action not in {t.action for t in WORKFLOWS[payload.kind].transitions}:
        raise ValidationError({"action": "没有该动作"})
    problem = text_problem(payload.note, max_length=300, multiline=True)
    if problem:
        raise ValidationError({"note": problem})
    today = timezone.localdate()
    try:
        if payload.kind == "care_service":
            care_act(actor=user, case=case, action=payload.action, note=payload.note, today=today)
        else:
            disability_act(
                actor=user, app=case, action=payload.action, note=payload.note, today=today
            )
    except ActionNotPermitted as refused:  # the role or duty may not: 403
        raise PermissionDenied(str(refused)) from refused
    except WorkflowError as exc:
        raise refusal(exc) from exc
    # the case as it is now (a forwarded case may have left the user's area: they see
    # what they just did to it, nothing more)
    fresh = type(case)._default_manager.get(pk=pk)
    return _detail(user, fresh, payload.kind)


@router.get("/recipients", response=BenefitRecipientPage, summary="补贴发放对象（本辖区）")
def recipient_list(
    request: HttpRequest, query: Query[BenefitRecipientQuery]
) -> BenefitRecipientPage:
    user = require(request, Capability.VIEW_PERSONAL)
    qs = selectors.recipients_visible(user).filter(programme__in=BENEFITS)
    if query.programme:
        qs = qs.filter(programme=query.programme)
    count, rows = audited_page_slice(
        qs.select_related("household"),
        query,
        actor=user,
        object_type="assistance.enrolment",
        criteria={"补贴项目": query.programme or "全部"},
    )
    month = timezone.localdate().replace(day=1)
    return BenefitRecipientPage(
        count=count,
        page=query.page,
        items=[
            BenefitRecipientOut(
                id=e.pk,
                programme=e.programme,
                programme_label=e.programme_label,
                name_masked=mask_name(e.application.applicant.name),
                area_code=e.household.area_id,
                starts_on=e.starts_on,
                ends_on=e.ends_on,
                status=e.status,
                amount_this_month=amount_in(e, month),
            )
            for e in rows
        ],
    )
