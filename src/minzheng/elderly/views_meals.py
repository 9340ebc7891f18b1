"""Canteen pages (issue 14 item 5): meal records with the refusal list, one meal typed
on the page or a canteen's daily file, and the monthly settlements with their approval.
Thin: authorise, call one service, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.core import idnumber
from minzheng.core.forms import attach_errors, refusal
from minzheng.core.paging import page_of
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.spreadsheets.reader import RowError
from minzheng.core.views import requires
from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.core.workflow.engine import allowed_actions, allowed_records, history
from minzheng.elderly import selectors
from minzheng.elderly.forms import MealForm, MealImportForm, SettlementActionForm, SettlementForm
from minzheng.elderly.mealfile import COLUMNS, price_of, read_meal_file
from minzheng.elderly.models import Facility, Settlement
from minzheng.elderly.services.meals import BatchResult, Claim, meals_record
from minzheng.elderly.services.settlements import settlement_act, settlement_prepare
from minzheng.elderly.views import user_of
from minzheng.elderly.workflows import SETTLEMENT


def _canteen(request: HttpRequest, pk: int | None, form: Any) -> Facility | None:
    user = user_of(request)
    allowed = dict(selectors.canteens_of(user))
    if pk not in allowed:
        form.add_error("canteen", "请选择您管辖区域内正在运营的助餐点")
        return None
    return selectors.facilities_visible(user).get(pk=pk)


def _meals(
    request: HttpRequest, form: MealForm | None = None, upload: MealImportForm | None = None
) -> dict[str, Any]:
    user = user_of(request)
    canteens = selectors.canteens_of(user)
    today = timezone.localdate()
    if user.can(Capability.EDIT_PERSONAL):
        form = form or MealForm(canteens=canteens, initial={"served_on": today})
        upload = upload or MealImportForm(canteens=canteens, initial={"served_on": today})
    return {
        "form": form,
        "upload": upload,
        "page": page_of(request, selectors.meals_visible(user), 50),
        "refusals": list(selectors.refusals_visible(user)[:50]),
        "columns": [h for _, h in COLUMNS],
    }


@require_GET
@requires(Capability.VIEW_PERSONAL)
def meal_list(request: HttpRequest) -> HttpResponse:
    return render(request, "elderly/meals.html", _meals(request))


def _report(request: HttpRequest, result: BatchResult) -> None:
    if result.recorded:
        total = sum(r.subsidy for r in result.recorded)
        messages.success(request, f"已登记助餐记录：补贴{len(result.recorded)}餐，共{total}元")
    for r in result.refused:
        messages.warning(request, f"未予补贴（{r.get_reason_display()}）：{r.detail}")


@require_POST
@requires(Capability.EDIT_PERSONAL)
def meal_new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = MealForm(request.POST, canteens=selectors.canteens_of(user))
    if form.is_valid():
        d = form.cleaned_data
        canteen = _canteen(request, d["canteen"], form)
        price = price_of(d["price"])
        if price is None:
            form.add_error("price", "餐费应为0至1000元的金额，最多两位小数")
        try:
            number = idnumber.parse(d["id_number"]).number
        except idnumber.InvalidIdNumber as exc:
            form.add_error("id_number", str(exc))
        if canteen is not None and not form.errors and price is not None:
            claim = Claim(number, d["name"].strip(), d["meal"], price)
            try:
                result = meals_record(
                    actor=user,
                    canteen=canteen,
                    served_on=d["served_on"],
                    claims=[claim],
                    source="page",
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                _report(request, result)
                return redirect_after_post(request, reverse("elderly:meal_list"))
    return render(request, "elderly/meals.html", _meals(request, form=form), status=422)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def meal_import(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    upload = MealImportForm(request.POST, request.FILES, canteens=selectors.canteens_of(user))
    errors: list[RowError] = []
    if upload.is_valid():
        d = upload.cleaned_data
        canteen = _canteen(request, d["canteen"], upload)
        claims, errors = read_meal_file(d["file"].read())
        if canteen is not None and not errors:
            try:
                result = meals_record(
                    actor=user,
                    canteen=canteen,
                    served_on=d["served_on"],
                    claims=claims,
                    source="file",
                )
            except ValidationError as exc:
                attach_errors(upload, exc)
            else:
                messages.success(
                    request,
                    f"已导入助餐日报：补贴{len(result.recorded)}餐，拒绝{len(result.refused)}餐（见拒绝清单）",
                )
                return redirect_after_post(request, reverse("elderly:meal_list"))
    context = {**_meals(request, upload=upload), "errors": errors}
    return render(request, "elderly/meals.html", context, status=422)


def _settlements(request: HttpRequest, form: SettlementForm | None = None) -> dict[str, Any]:
    user = user_of(request)
    if form is None and user.can(Capability.EDIT_PERSONAL):
        last = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
        form = SettlementForm(
            canteens=selectors.canteens_of(user), initial={"month": f"{last:%Y-%m}"}
        )
    return {"form": form, "page": page_of(request, selectors.settlements_visible(user), 50)}


@require_GET
@requires(Capability.VIEW_PERSONAL)
def settlement_list(request: HttpRequest) -> HttpResponse:
    return render(request, "elderly/settlements.html", _settlements(request))


def _month(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(f"{text.strip()}-01")
    except ValueError:
        return None


@require_POST
@requires(Capability.EDIT_PERSONAL)
def settlement_prepare_view(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not user.acts_as(SETTLEMENT.find_record("prepare").roles):
        raise PermissionDenied("您的角色无权编制助餐补贴结算")
    form = SettlementForm(request.POST, canteens=selectors.canteens_of(user))
    if form.is_valid():
        canteen = _canteen(request, form.cleaned_data["canteen"], form)
        month = _month(form.cleaned_data["month"])
        if month is None:
            form.add_error("month", "请按“2026-11”的格式填写结算月份")
        if canteen is not None and month is not None:
            try:
                settlement = settlement_prepare(actor=user, canteen=canteen, month=month)
            except ActionNotPermitted as refused:  # the role may not: 403, no form
                raise PermissionDenied(str(refused)) from refused
            except (ValidationError, WorkflowError) as exc:
                attach_errors(form, refusal(exc))
            else:
                messages.success(
                    request, f"已编制结算：{settlement.meals}餐，补贴{settlement.amount}元"
                )
                return redirect_after_post(
                    request, reverse("elderly:settlement_detail", args=[settlement.pk])
                )
    return render(request, "elderly/settlements.html", _settlements(request, form), status=422)


def _settlement(request: HttpRequest, pk: int) -> Settlement:
    found = selectors.settlements_visible(user_of(request)).filter(pk=pk).first()
    if found is None:
        raise Http404("没有找到该结算")
    return found


def _detail(
    request: HttpRequest, s: Settlement, form: SettlementActionForm | None
) -> dict[str, Any]:
    user = user_of(request)
    actions = allowed_actions(s, user)
    if form is None and actions:
        form = SettlementActionForm()
    if form is not None:
        form.fields["action"].choices = [  # type: ignore[attr-defined]
            (t.action, t.label) for t in actions
        ]
    return {
        "settlement": s,
        "workflow": SETTLEMENT,
        "history": history(s),
        "form": form if actions else None,
        "can_prepare": bool(allowed_records(s, user)),
    }


@require_GET
@requires(Capability.VIEW_PERSONAL)
def settlement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    s = _settlement(request, pk)
    return render(request, "elderly/settlement_detail.html", _detail(request, s, None))


@require_POST
@requires(Capability.EDIT_PERSONAL)
def settlement_action(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    s = _settlement(request, pk)
    form = SettlementActionForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        try:
            settlement_act(actor=user, settlement=s, action=action, note=form.cleaned_data["note"])
        except ActionNotPermitted as refused:  # the role may not: 403, no form
            raise PermissionDenied(str(refused)) from refused
        except (WorkflowError, ValidationError) as exc:
            attach_errors(form, refusal(exc))
        else:
            label = dict(SettlementActionForm.base_fields["action"].choices)[action]  # type: ignore[attr-defined]
            messages.success(request, f"已办理“{label}”")
            return redirect_after_post(request, reverse("elderly:settlement_detail", args=[pk]))
    return render(request, "elderly/settlement_detail.html", _detail(request, s, form), status=422)
