"""Elderly-care funds pages (issue 14 items 5 and 6): facility subsidies (operating and
construction) prepared, submitted and approved through the engine — approval opens the
payable in payments (`/payments/payables/`) — and the operator's account the subsidies
are paid to (masked). Thin: authorise, call one service, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.forms import attach_errors, refusal
from minzheng.core.paging import page_of
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.core.workflow.engine import allowed_actions
from minzheng.elderly import selectors
from minzheng.elderly.forms import OperatorAccountForm, SettlementActionForm, SubsidyForm
from minzheng.elderly.models import Facility, FacilitySubsidy, Operator
from minzheng.elderly.services.funds import (
    may_keep_account,
    operator_account_save,
    subsidy_act,
    subsidy_prepare,
)
from minzheng.elderly.views import user_of
from minzheng.elderly.workflows import FUND


def _facilities(request: HttpRequest) -> list[tuple[int, str]]:
    rows = selectors.facilities_visible(user_of(request)).exclude(status="closed")
    return [(f.pk, f.name) for f in rows]


def _context(
    request: HttpRequest,
    form: SubsidyForm | None = None,
    failed: int | None = None,
    action_form: SettlementActionForm | None = None,
) -> dict[str, Any]:
    user = user_of(request)
    if form is None and user.acts_as(FUND.find_record("prepare").roles):
        last = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
        form = SubsidyForm(facilities=_facilities(request), initial={"month": f"{last:%Y-%m}"})
    query = FacilitySubsidy.objects.visible_to(user).select_related(
        "facility", "facility__operator", "payable"
    )
    page = page_of(request, query.order_by("-month", "facility_id", "kind"), 50)
    for item in page.object_list:
        item.actions = [(t.action, t.label) for t in allowed_actions(item, user)]
        item.form = action_form if item.pk == failed else None
    return {"form": form, "page": page}


@require_GET
@requires(Capability.VIEW_PERSONAL)
def fund_list(request: HttpRequest) -> HttpResponse:
    return render(request, "elderly/funds.html", _context(request))


def _month(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(f"{text.strip()}-01")
    except ValueError:
        return None


@require_POST
@requires(Capability.EDIT_PERSONAL)
def fund_prepare(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not user.acts_as(FUND.find_record("prepare").roles):
        raise PermissionDenied("您的角色无权编制养老服务设施补贴")
    form = SubsidyForm(request.POST, facilities=_facilities(request))
    if form.is_valid():
        allowed = dict(_facilities(request))
        month = _month(form.cleaned_data["month"])
        if form.cleaned_data["facility"] not in allowed:
            form.add_error("facility", "请选择您管辖区域内的设施")
        if month is None:
            form.add_error("month", "请按“2026-11”的格式填写所属月份")
        if form.is_valid() and month is not None:
            facility = Facility.objects.get(pk=form.cleaned_data["facility"])
            try:
                item = subsidy_prepare(
                    actor=user, facility=facility, kind=form.cleaned_data["kind"], month=month
                )
            except ActionNotPermitted as refused:
                raise PermissionDenied(str(refused)) from refused
            except (ValidationError, WorkflowError) as exc:
                attach_errors(form, refusal(exc))
            else:
                messages.success(request, f"已编制{item.kind_label}：{item.amount}元")
                return redirect_after_post(request, reverse("elderly:fund_list"))
    return render(request, "elderly/funds.html", _context(request, form), status=422)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def fund_action(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    item = FacilitySubsidy.objects.visible_to(user).filter(pk=pk).first()
    if item is None:
        raise Http404("没有找到该补贴")
    form = SettlementActionForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        try:
            subsidy_act(actor=user, item=item, action=action, note=form.cleaned_data["note"])
        except ActionNotPermitted as refused:
            raise PermissionDenied(str(refused)) from refused
        except (WorkflowError, ValidationError) as exc:
            attach_errors(form, refusal(exc))
        else:
            messages.success(request, "已办理")
            return redirect_after_post(request, reverse("elderly:fund_list"))
    context = _context(request, failed=item.pk, action_form=form)
    return render(request, "elderly/funds.html", context, status=422)


@require_http_methods(["GET", "POST"])
@requires(Capability.VIEW_PERSONAL)
def operator_account(request: HttpRequest, pk: int) -> HttpResponse:
    """The operator of a facility the user reaches; keeping its account needs the
    county bureau (or the city office) that reaches all of its facilities."""
    user = user_of(request)
    if request.method == "POST" and not user.can(Capability.EDIT_PERSONAL):
        raise PermissionDenied("您的角色无权登记收款账户")
    reached = selectors.facilities_visible(user).filter(operator_id=pk)
    operator = Operator.objects.filter(pk=pk).first()
    if operator is None or not reached.exists():
        raise Http404("没有找到该运营方")
    may = may_keep_account(user, operator) and user.can(Capability.EDIT_PERSONAL)
    form = OperatorAccountForm(
        initial={"bank": operator.bank, "holder_name": operator.holder_name}
    )
    status = 200
    if request.method == "POST":
        if not may:
            raise PermissionDenied(
                "该运营方的设施不全在您的管辖区域内，或您的角色无权登记收款账户"
            )
        form = OperatorAccountForm(request.POST)
        if form.is_valid():
            try:
                operator_account_save(actor=user, operator=operator, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "已登记收款账户")
                return redirect_after_post(request, reverse("elderly:operator_account", args=[pk]))
        status = 422
    context = {"operator": operator, "form": form if may else None, "facilities": reached}
    return render(request, "elderly/operator_account.html", context, status=status)
