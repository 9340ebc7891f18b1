"""Assistance tools: the D6 figures (the standards are on core's settings page)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from minzheng.assistance import selectors
from minzheng.assistance.models import BreachGrade
from minzheng.core.models import User
from minzheng.core.query_params import int_param
from minzheng.core.roles import Capability
from minzheng.core.views import requires

FIRST_YEAR = 2000  # fast-track figures start with the platform; earlier years are empty


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


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
