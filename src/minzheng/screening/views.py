"""Campaign pages: list, create, detail with figures and rounds, and the organisers'
actions (select the population, open a round, start, end). Thin: authorise, call one
service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.forms import attach_errors, refusal
from minzheng.core.models import User
from minzheng.core.paging import page_of
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.core.workflow import WorkflowError
from minzheng.core.workflow.engine import allowed_actions, history
from minzheng.screening import selectors
from minzheng.screening.figures import campaign_figures
from minzheng.screening.forms import CampaignForm, NoteForm, RoundForm
from minzheng.screening.models import Campaign
from minzheng.screening.services.campaigns import (
    campaign_activate,
    campaign_close,
    campaign_create,
    campaign_populate,
    round_open,
)
from minzheng.screening.services.common import is_organiser
from minzheng.screening.workflows import CAMPAIGN

TRANSITIONS: dict[str, Callable[..., Campaign]] = {
    "activate": campaign_activate,
    "close": campaign_close,
}


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def organiser_of(request: HttpRequest) -> User:
    """Organising is for townships, counties and the city: a 403 for everyone else."""
    user = user_of(request)
    if not is_organiser(user):
        raise PermissionDenied("只有乡镇（街道）、县（区）和市级工作人员可以组织排查")
    return user


def form_response(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    form: forms.Form,
    submit: str = "保存",
) -> HttpResponse:
    """The whole page, or only the form with its errors for an htmx post (422)."""
    failed = request.method == "POST"
    if failed and getattr(request, "htmx", False):
        partial = {"form": form, "action": request.path, "submit": submit}
        return render(request, "core/_form.html", partial, status=422)
    return render(request, template, {**context, "form": form}, status=422 if failed else 200)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    page = page_of(request, selectors.campaigns_visible(user), 30)
    return render(
        request,
        "screening/campaign_list.html",
        {"page": page, "can_organise": is_organiser(user), "q": ""},
    )


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def campaign_new(request: HttpRequest) -> HttpResponse:
    user = organiser_of(request)
    form = CampaignForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = campaign_create(
                actor=user,
                name=data["name"],
                area_code=data["area_code"],
                population=form.population(),
                description=data["description"],
                layer=data["layer"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已新建排查活动“{campaign.name}”")
            url = reverse("screening:campaign_detail", args=[campaign.pk])
            return redirect_after_post(request, url)
    return form_response(request, "screening/campaign_new.html", {}, form)


def _detail_context(user: User, campaign: Campaign, **bound: forms.Form) -> dict[str, Any]:
    today = timezone.localdate()
    organiser = is_organiser(user) and user.reaches(campaign.area_id)
    actions = [t for t in allowed_actions(campaign, user) if t.action in TRANSITIONS]
    return {
        "campaign": campaign,
        "figures": campaign_figures(user, campaign, today),
        "rounds": campaign.rounds.all(),
        "key_households": selectors.key_households_visible(user).filter(campaign=campaign)[:50],
        "organiser": organiser and campaign.status != "closed",
        "round_form": bound.get("round") or RoundForm(),
        "populate_form": bound.get("populate"),
        "actions": [(t, bound.get(t.action) or NoteForm(prefix=t.action)) for t in actions],
        "history": history(campaign),
        "workflow": CAMPAIGN,
        "today": today,
    }


@require_GET
@requires(Capability.VIEW_PERSONAL)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    campaign = selectors.campaign_for_reading(user, pk)
    return render(request, "screening/campaign_detail.html", _detail_context(user, campaign))


def _refused(request: HttpRequest, campaign: Campaign, key: str, form: forms.Form) -> HttpResponse:
    """Back to the campaign page with the refusal shown on the form that caused it."""
    context = _detail_context(user_of(request), campaign, **{key: form})
    return render(request, "screening/campaign_detail.html", context, status=422)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def campaign_populate_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    campaign = selectors.campaign_for_reading(user, pk)
    organiser_of(request)
    try:
        result = campaign_populate(actor=user, campaign=campaign)
    except ValidationError as exc:
        form = forms.Form()
        attach_errors(form, exc)
        return _refused(request, campaign, "populate", form)
    messages.success(request, f"已生成排查名单：新增{result.added}户，共{result.total}户")
    return redirect("screening:campaign_detail", pk=pk)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def round_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    campaign = selectors.campaign_for_reading(user, pk)
    organiser_of(request)
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            opened = round_open(actor=user, campaign=campaign, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            ends = f"{opened.ends_on:%Y-%m-%d}"
            messages.success(request, f"已安排第{opened.number}轮，截止{ends}")
            return redirect("screening:campaign_detail", pk=pk)
    return _refused(request, campaign, "round", form)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def campaign_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = user_of(request)
    campaign = selectors.campaign_for_reading(user, pk)
    organiser_of(request)
    if action not in TRANSITIONS:
        raise Http404("未知的办理动作")
    form = NoteForm(request.POST, prefix=action)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    try:
        TRANSITIONS[action](actor=user, campaign=campaign, note=note)
    except WorkflowError as exc:
        attach_errors(form, refusal(exc))
        return _refused(request, campaign, action, form)
    messages.success(request, f"已办理“{CAMPAIGN.find(action).label}”")
    return redirect("screening:campaign_detail", pk=pk)
