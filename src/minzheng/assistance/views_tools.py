"""Assistance tools: the standards and their history, D6 figures."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.assistance import selectors
from minzheng.assistance.models import BreachGrade
from minzheng.assistance.standards import ALL_KEYS, labels
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.forms import IsoDateInput
from minzheng.core.models import Area, AuditAction, ConfigValue, User
from minzheng.core.query_params import int_param
from minzheng.core.roles import Capability
from minzheng.core.text import text_formfield
from minzheng.core.views import requires

FIRST_YEAR = 2000  # fast-track figures start with the platform; earlier years are empty


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class ConfigVersionForm(forms.ModelForm):
    class Meta:
        formfield_callback = text_formfield
        model = ConfigValue
        fields = ["key", "area", "value", "effective_from", "basis"]
        widgets = {
            "key": forms.Select(choices=[(k, k) for k in ALL_KEYS]),
            "effective_from": IsoDateInput(),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            code__startswith=user.scope_prefix, level__in=["city", "county"]
        )


@require_http_methods(["GET", "POST"])
@requires(Capability.VIEW_DASHBOARD)
def standards(request: HttpRequest) -> HttpResponse:
    """Every setting with its history (e.g. ten rises of the dibao standard, D1.18)."""
    user = _user(request)
    can_edit = user.can(Capability.MANAGE_CONFIG)
    form = ConfigVersionForm(request.POST or None, user=user) if can_edit else None
    if request.method == "POST":
        if form is None:
            return HttpResponse("无权修改配置", status=403)
        if form.is_valid():
            with transaction.atomic():
                row = form.save(commit=False)
                row.created_by = user
                row.save()
                audit_record(
                    actor=user,
                    action=AuditAction.CREATE,
                    obj=row,
                    area_code=row.area_id or "",
                    after=snapshot(row),
                    summary=f"新增配置版本 {row.key}={row.value}（{row.effective_from}起）",
                )
            return redirect("assistance:standards")
    rows: dict[str, list[ConfigValue]] = defaultdict(list)
    for row in (
        ConfigValue.objects.filter(key__in=ALL_KEYS)
        .select_related("area")
        .order_by("key", "area_id", "effective_from")
    ):
        rows[row.key].append(row)
    names = labels()
    table = [(key, names.get(key, (key, "", "")), rows.get(key, [])) for key in ALL_KEYS]
    return render(
        request,
        "assistance/standards.html",
        {"table": table, "form": form, "today": timezone.localdate()},
        status=422 if form is not None and form.errors else 200,
    )


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def figures(request: HttpRequest) -> HttpResponse:
    this_year = timezone.localdate().year
    year = int_param(
        request, "year", label="年份", default=this_year, low=FIRST_YEAR, high=this_year + 1
    )
    data = selectors.fast_track_figures(_user(request), year)
    grades = dict(BreachGrade.choices)
    breaches = [(grades.get(g, "其他"), n) for g, n in data.breaches_by_grade.items()]
    return render(
        request,
        "assistance/figures.html",
        {"f": data, "breaches": breaches, "year": year, "years": range(year - 3, year + 1)},
    )
