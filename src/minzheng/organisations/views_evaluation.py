"""Evaluation pages (D10.8): the evaluations of the area with the grades expiring soon,
the score sheet of an organisation, publicity, objections, confirmation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.audit import audit_page
from minzheng.core.config import config_int
from minzheng.core.paging import page_of
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.organisations import selectors
from minzheng.organisations.forms import NoteForm, ObjectionForm, score_form
from minzheng.organisations.services.common import is_registrar
from minzheng.organisations.services.evaluation import (
    REMINDER_DAYS_KEY,
    evaluation_act,
    evaluation_score,
    indicators,
    objection_record,
    objections_dismiss,
)
from minzheng.organisations.views import form_page, registrar_of, user_of
from minzheng.organisations.workflows import EVALUATION

ACTIONS = {t.action: t.label for t in EVALUATION.transitions} | {"dismiss": "异议不成立"}


@require_GET
@requires(Capability.VIEW_PERSONAL)
def evaluation_list(request: HttpRequest) -> HttpResponse:
    user, today = user_of(request), timezone.localdate()
    qs = selectors.evaluations_visible(user)
    days = config_int(REMINDER_DAYS_KEY, on=today)
    page = page_of(request, qs.order_by("-scored_on", "-id"), 30)
    audit_page(actor=user, object_type="organisations.evaluation", criteria={}, page=page)
    context = {
        "page": page,
        "expiring": list(qs.expiring(today, days).order_by("valid_until")[:50]),
        "days": days,
        "actions": ACTIONS,
        "can_register": is_registrar(user),
    }
    return render(request, "organisations/evaluations.html", context)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def evaluation_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = registrar_of(request)
    org = selectors.organisation_for(user, pk)
    sheet = indicators(timezone.localdate())
    form = score_form(sheet)(request.POST or None)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        scores = {code: data[f"score_{code}"] for code in sheet}
        ev = evaluation_score(actor=user, organisation=org, scores=scores)
        grade = ev.grade or "未达到等级"
        return f"已评分：{ev.total}分，{grade}", reverse("organisations:evaluations")

    return form_page(request, form, f"评估评分 · {org.name}", act, "保存评分")


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def evaluation_act_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = registrar_of(request)
    ev = selectors.evaluation_for(user, pk)
    if action not in ACTIONS:
        raise Http404("没有该办理事项")
    label = ACTIONS[action]
    form: forms.Form = NoteForm(request.POST or None)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        if action == "dismiss":
            objections_dismiss(actor=user, evaluation=ev, note=data["note"])
        else:
            evaluation_act(actor=user, evaluation=ev, action=action, note=data["note"])
        return f"已办理“{label}”", reverse("organisations:evaluations")

    return form_page(request, form, f"{label} · {ev.organisation.name}", act, label)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def objection_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = registrar_of(request)
    ev = selectors.evaluation_for(user, pk)
    form = ObjectionForm(request.POST or None)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        objection_record(actor=user, evaluation=ev, **data)
        return "已登记异议", reverse("organisations:evaluations")

    return form_page(request, form, f"登记异议 · {ev.organisation.name}", act)
