"""Field-work pages: a caseworker's targets in the current round with a visit form per
target, and the key households under tracked help with their follow-ups."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core import selectors as core_selectors
from minzheng.core.audit import audit_page
from minzheng.core.forms import attach_errors, refusal
from minzheng.core.paging import page_of
from minzheng.core.query_params import id_param
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.core.workflow import WorkflowError
from minzheng.screening import selectors
from minzheng.screening.forms import CloseForm, FollowUpForm, KeyHouseholdForm, VisitForm
from minzheng.screening.models import KeyHousehold, VisitOutcome
from minzheng.screening.services.tracking import (
    follow_up_record,
    key_household_close,
    key_household_place,
)
from minzheng.screening.services.visits import visit_record
from minzheng.screening.views import form_response, user_of
from minzheng.screening.views_photos import photos_context
from minzheng.screening.workflows import KEY_HOUSEHOLD

VISIT_SUBMIT = "保存走访记录"


@require_GET
@requires(Capability.VIEW_PERSONAL)
def targets(request: HttpRequest) -> HttpResponse:
    user, today = user_of(request), timezone.localdate()
    campaign_id = id_param(request, "campaign", label="排查活动")
    todo = request.GET.get("todo") == "1"
    qs = selectors.targets_in_current_round(user, today, campaign_id, unvisited_only=todo)
    page = page_of(request, qs, 30)
    criteria = {"排查活动": campaign_id, "仅未走访": "是" if todo else ""}
    audit_page(actor=user, object_type="screening.campaigntarget", criteria=criteria, page=page)
    return render(
        request,
        "screening/targets.html",
        {
            "page": page,
            "campaigns": selectors.campaigns_visible(user).active(),
            "campaign_id": campaign_id,
            "todo": todo,
            "today": today,
            "can_visit": user.can(Capability.EDIT_PERSONAL),
        },
    )


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    target = selectors.target_for_visit(user, pk)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        placed = data["outcome"] == VisitOutcome.PLACED
        try:
            visit_record(
                actor=user,
                target=target,
                visited_on=data["visited_on"],
                method=data["method"],
                outcome=data["outcome"],
                situation=data["situation"],
                placement=form.placement() if placed else None,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "已保存走访记录")
            return redirect_after_post(request, _after_visit(request, target, data["outcome"]))
    if request.method == "GET" and getattr(request, "htmx", False):
        context = {"form": form, "action": request.path, "submit": VISIT_SUBMIT}
        return render(request, "core/_form.html", context)
    context = {"target": target, **photos_context(target)}
    return form_response(request, "screening/visit.html", context, form, VISIT_SUBMIT)


def _after_visit(request: HttpRequest, target: Any, outcome: str) -> str:
    """A need found leads on to the household's application, pre-filled (D5.3)."""
    if outcome != VisitOutcome.IDENTIFIED:
        return reverse("screening:targets") + f"?campaign={target.campaign_id}"
    messages.info(request, "走访发现需救助：请为该家庭登记救助申请")
    applicant = target.person_id or target.household.head_id
    url = reverse("assistance:new", args=[target.household_id])
    return f"{url}?channel=committee" + (f"&applicant={applicant}" if applicant else "")


@require_GET
@requires(Capability.VIEW_PERSONAL)
def key_household_list(request: HttpRequest) -> HttpResponse:
    user, today = user_of(request), timezone.localdate()
    status = request.GET.get("status", "active")
    qs = selectors.key_households_visible(user)
    if status in {"active", "closed"}:
        qs = qs.filter(status=status)
    overdue_only = request.GET.get("overdue") == "1"
    if overdue_only:
        qs = qs.overdue(today)
    page = page_of(request, qs.order_by("status", "next_follow_up_on", "id"), 30)
    criteria = {"状态": KEY_HOUSEHOLD.criterion(status), "仅逾期": "是" if overdue_only else ""}
    audit_page(actor=user, object_type="screening.keyhousehold", criteria=criteria, page=page)
    return render(
        request,
        "screening/key_household_list.html",
        {
            "page": page,
            "status": status,
            "overdue_only": overdue_only,
            "overdue_count": selectors.key_households_visible(user).overdue(today).count(),
            "today": today,
        },
    )


def _detail_page(
    request: HttpRequest, record: KeyHousehold, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    user = user_of(request)
    editable = user.can(Capability.EDIT_PERSONAL) and record.status == "active"
    context: dict[str, Any] = {
        "record": record,
        "follow_ups": record.follow_ups.select_related("followed_by"),
        "editable": editable,
        "follow_up_form": bound.get("follow_up") or FollowUpForm(),
        "close_form": bound.get("close") or CloseForm(),
        "overdue": record.is_overdue(timezone.localdate()),
    }
    return render(request, "screening/key_household_detail.html", context, status=status)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def key_household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, selectors.key_household_for_reading(user_of(request), pk))


SUBMITS = {"follow_up": "保存跟踪记录", "close": "结束帮扶"}


def _refused(
    request: HttpRequest, record: KeyHousehold, key: str, form: forms.Form
) -> HttpResponse:
    """The form again with its errors: alone for htmx, else within the whole page."""
    if getattr(request, "htmx", False):
        context = {"form": form, "action": request.path, "submit": SUBMITS[key]}
        return render(request, "core/_form.html", context, status=422)
    return _detail_page(request, record, 422, **{key: form})


DONE = {"follow_up": "已保存跟踪记录", "close": "已结束帮扶"}


def _act_on_key_household(
    request: HttpRequest,
    pk: int,
    key: str,
    form_class: type[forms.Form],
    act: Callable[..., object],
) -> HttpResponse:
    """Parse the form, call the one service, back to the record (or the form's errors)."""
    user = user_of(request)
    record = selectors.key_household_for_reading(user, pk, log=False)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(actor=user, key_household=record, **form.cleaned_data)
        except (ValidationError, WorkflowError) as exc:
            attach_errors(form, refusal(exc))
        else:
            messages.success(request, DONE[key])
            url = reverse("screening:key_household_detail", args=[pk])
            return redirect_after_post(request, url)
    return _refused(request, record, key, form)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def follow_up_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_on_key_household(request, pk, "follow_up", FollowUpForm, follow_up_record)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def key_household_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_on_key_household(request, pk, "close", CloseForm, key_household_close)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def key_household_new(request: HttpRequest, household_id: int) -> HttpResponse:
    """Place a household under tracked help from its page (not from a campaign)."""
    user = user_of(request)
    household = core_selectors.household_for_reading(user, household_id, log=False)
    form = KeyHouseholdForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            record = key_household_place(
                actor=user,
                household=household,
                plan=form.placement(form.responsible()),
                started_on=form.cleaned_data["started_on"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已将家庭{household.number}纳入重点帮扶")
            url = reverse("screening:key_household_detail", args=[record.pk])
            return redirect_after_post(request, url)
    return form_response(
        request, "screening/key_household_new.html", {"household": household}, form
    )
