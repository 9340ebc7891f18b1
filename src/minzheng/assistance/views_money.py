"""The leader's pages: approved monthly amounts by county (a month and the same month a
year before) and the masked list of beneficiaries. Aggregates and masked names only:
a leader holds no personal-data capability (D0.3)."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from minzheng.assistance.models import Enrolment, Programme
from minzheng.assistance.money import money_view
from minzheng.core.masking import mask_name
from minzheng.core.models import User
from minzheng.core.paging import page_of
from minzheng.core.roles import Capability
from minzheng.core.views import requires

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthForm(forms.Form):
    month = forms.CharField(
        label="月份", max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )

    def clean_month(self) -> dt.date:
        found = MONTH.match(self.cleaned_data["month"])
        year, month = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise forms.ValidationError("请按“年-月”选择月份，例如 2026-12")
        return dt.date(year, month, 1)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def money(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = MonthForm(request.GET if "month" in request.GET else {"month": f"{today:%Y-%m}"})
    month = form.cleaned_data["month"] if form.is_valid() else today.replace(day=1)
    return render(
        request,
        "assistance/money.html",
        {"form": form, "view": money_view(_user(request).scope_prefix, month)},
        status=200 if form.is_valid() else 400,
    )


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def roster(request: HttpRequest) -> HttpResponse:
    """Beneficiaries in force, names masked, no ID numbers, no links to persons."""
    user = _user(request)
    qs = (
        Enrolment.objects.within_prefix(user.scope_prefix)
        .current()
        .select_related("household__area", "household__head")
        .order_by("household__area_id", "id")
    )
    programme = request.GET.get("programme", "")
    if programme in Programme.values:
        qs = qs.filter(programme=programme)
    page = page_of(request, qs, 50)
    labels = dict(Programme.choices)
    rows = [
        {
            "area": e.household.area.name,
            "head": mask_name(e.household.head.name) if e.household.head else "—",
            "programme": labels.get(e.programme, "其他"),
            "people": e.covered_members,
            "amount": e.monthly_amount,
            "since": e.starts_on,
            "status": e.get_status_display(),
        }
        for e in page
    ]
    return render(
        request,
        "assistance/roster.html",
        {"page": page, "rows": rows, "programmes": Programme.choices, "programme": programme},
    )
