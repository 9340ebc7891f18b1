"""Adoption pages (D10.4): the adoptions of the area with totals by area and period,
adopting a key household, recording a visit, ending an adoption."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.audit import audit_page
from minzheng.core.forms import IsoDateInput
from minzheng.core.models import Household
from minzheng.core.paging import page_of
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.organisations import selectors
from minzheng.organisations.forms import NoteForm
from minzheng.organisations.models import Adoption
from minzheng.organisations.services.adoption import (
    adoption_create,
    adoption_end,
    adoption_totals,
    adoption_visit,
)
from minzheng.organisations.views import form_page, user_of

DATE_ERRORS = {"required": "必填", "invalid": "应为日期，如 2026-03-15"}


class AdoptForm(forms.Form):
    household = forms.CharField(label="家庭编号（重点帮扶户）", max_length=24, required=False)
    adopted_on = forms.DateField(
        label="认领日期", widget=IsoDateInput(), error_messages=DATE_ERRORS
    )
    plan = forms.CharField(label="帮扶内容", max_length=200, required=False)


class VisitForm(forms.Form):
    visited_on = forms.DateField(
        label="走访日期", widget=IsoDateInput(), error_messages=DATE_ERRORS
    )
    help_given = forms.CharField(label="帮扶情况", max_length=200, required=False)
    amount = forms.DecimalField(
        label="折合金额（元）",
        max_digits=12,
        decimal_places=2,
        required=False,
        error_messages={"invalid": "应为金额（元）", "max_decimal_places": "最多两位小数"},
    )


def _period(request: HttpRequest, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period asked for (from/to), by default this year so far."""
    try:
        start = dt.date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        start = today.replace(month=1, day=1)
    try:
        end = dt.date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        end = today
    return start, end


@require_GET
@requires(Capability.VIEW_PERSONAL)
def adoption_list(request: HttpRequest) -> HttpResponse:
    user, today = user_of(request), timezone.localdate()
    start, end = _period(request, today)
    qs = selectors.adoptions_visible(user)
    page = page_of(request, qs.order_by("-adopted_on", "-id"), 30)
    audit_page(actor=user, object_type="organisations.adoption", criteria={}, page=page)
    totals = adoption_totals(
        qs, start=start, end=end, level=9 if len(user.scope_prefix) >= 6 else 6
    )
    context = {"page": page, "totals": totals, "start": start, "end": end}
    context["can_edit"] = user.can(Capability.EDIT_PERSONAL)
    return render(request, "organisations/adoptions.html", context)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def adoption_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    org = selectors.organisation_for(user, pk)
    form = AdoptForm(request.POST or None, initial={"adopted_on": timezone.localdate()})

    def act(data: dict[str, Any]) -> tuple[str, str]:
        number = data.pop("household").strip()
        household = Household.objects.filter(
            number=number, area__code__startswith=user.scope_prefix
        ).first()
        if household is None:
            raise ValidationError({"household": f"您的管辖区域内没有家庭编号为“{number}”的家庭"})
        adoption_create(actor=user, organisation=org, household=household, **data)
        return f"{org.name}已认领家庭{household.number}", reverse("organisations:adoptions")

    return form_page(request, form, f"认领困难家庭 · {org.name}", act, "认领")


def _adoption(request: HttpRequest, pk: int) -> Adoption:
    return selectors.adoption_for(user_of(request), pk)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def adoption_visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, adoption = user_of(request), _adoption(request, pk)
    form = VisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})

    def act(data: dict[str, Any]) -> tuple[str, str]:
        adoption_visit(actor=user, adoption=adoption, **data)
        return "已登记走访", reverse("organisations:adoptions")

    return form_page(request, form, f"登记走访 · {adoption.organisation.name}", act)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def adoption_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    user, adoption = user_of(request), _adoption(request, pk)
    form = NoteForm(request.POST or None)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        adoption_end(actor=user, adoption=adoption, note=data["note"])
        return "已结束认领", reverse("organisations:adoptions")

    return form_page(request, form, f"结束认领 · {adoption.organisation.name}", act, "结束认领")
