"""Legal-education pages: activities with the form to record one, yearly plans with
their completion. Thin: authorise, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.forms import attach_errors
from minzheng.core.models import User
from minzheng.core.paging import page_of
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.legaledu.forms import ActivityForm, PlanForm
from minzheng.legaledu.models import Activity, StudyPlan
from minzheng.legaledu.services import ActivityIn, activity_record, plan_save
from minzheng.legaledu.totals import plan_progress, totals


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _activities(request: HttpRequest, form: ActivityForm | None) -> dict[str, Any]:
    user = _user(request)
    qs = Activity.objects.visible_to(user).select_related("area")
    if form is None and user.can(Capability.EDIT_PERSONAL):
        initial = {"held_on": timezone.localdate(), "area": user.area_id}
        form = ActivityForm(user=user, initial=initial)
    year = timezone.localdate().year
    return {
        "page": page_of(request, qs, 30),
        "form": form,
        "totals": totals(user.scope_prefix, year),
        "year": year,
    }


@require_GET
@requires(Capability.VIEW_PERSONAL)
def activity_list(request: HttpRequest) -> HttpResponse:
    return render(request, "legaledu/activity_list.html", _activities(request, None))


@require_POST
@requires(Capability.EDIT_PERSONAL)
def activity_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ActivityForm(request.POST, user=user)
    if form.is_valid():
        d = form.cleaned_data
        data = ActivityIn(
            kind=d["kind"],
            held_on=d["held_on"],
            area=d["area"],
            venue=d["venue"],
            topic=d["topic"],
            organiser=d["organiser"],
            participant_count=d["participant_count"],
            attendees=tuple(d["attendees"]),
        )
        try:
            activity = activity_record(actor=user, data=data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request, f"已登记活动“{activity.topic}”，参加{activity.participant_count}人"
            )
            return redirect_after_post(request, reverse("legaledu:activity_list"))
    return render(request, "legaledu/activity_list.html", _activities(request, form), status=422)


def _plans(request: HttpRequest, form: PlanForm | None) -> dict[str, Any]:
    user = _user(request)
    plans = list(StudyPlan.objects.visible_to(user).select_related("area")[:200])
    if form is None and user.can(Capability.EDIT_PERSONAL):
        form = PlanForm(initial={"year": timezone.localdate().year, "area": user.area_id})
    return {"rows": plan_progress(plans), "form": form}


@require_GET
@requires(Capability.VIEW_PERSONAL)
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "legaledu/plan_list.html", _plans(request, None))


@require_POST
@requires(Capability.EDIT_PERSONAL)
def plan_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PlanForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            plan = plan_save(
                actor=user,
                area=d["area"],
                year=d["year"],
                planned_sessions=d["planned_sessions"],
                content=d["content"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已登记{plan.area.name}{plan.year}年度学法计划")
            return redirect_after_post(request, reverse("legaledu:plan_list"))
    return render(request, "legaledu/plan_list.html", _plans(request, form), status=422)
