"""Assistance pages: work queue, case list, intake. The case page is `views_case`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.assistance import selectors
from minzheng.assistance.forms import ApplicationForm
from minzheng.assistance.models import Programme
from minzheng.assistance.services.applications import application_submit
from minzheng.assistance.workflows import FAST, REGULAR, case_state_criterion
from minzheng.core import selectors as core_selectors
from minzheng.core.audit import audit_page, audit_search
from minzheng.core.forms import attach_errors
from minzheng.core.models import User
from minzheng.core.paging import page_of
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.core.vocabulary import code_label


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_GET
@requires(Capability.VIEW_PERSONAL)
def queue(request: HttpRequest) -> HttpResponse:
    items = selectors.work_queue(_user(request), timezone.localdate())
    criteria = {"列表": "待办"}
    audit_search(
        actor=_user(request),
        object_type="assistance.application",
        criteria=criteria,
        rows=len(items),
    )
    return render(request, "assistance/queue.html", {"items": items})


@require_GET
@requires(Capability.VIEW_PERSONAL)
def application_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.applications_visible(_user(request))
    status, programme = request.GET.get("status", ""), request.GET.get("programme", "")
    if status:
        qs = qs.filter(status=status)
    if programme:
        qs = qs.filter(programme=programme)
    page = page_of(request, qs, 30)
    criteria = {
        "状态": case_state_criterion(status),
        "救助项目": code_label(programme, "programme"),
    }
    audit_page(
        actor=_user(request), object_type="assistance.application", criteria=criteria, page=page
    )
    states = {**REGULAR.states, **FAST.states}
    return render(
        request,
        "assistance/list.html",
        {
            "page": page,
            "states": states,
            "programmes": Programme.choices,
            "status": status,
            "programme": programme,
            "q": "",
        },
    )


def _prefill(request: HttpRequest) -> dict[str, str]:
    """Starting values handed on by a screening visit or a lead (e.g. ?applicant=&channel=);
    the form validates them like any input."""
    return {k: request.GET[k] for k in ("applicant", "channel", "programme") if k in request.GET}


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def application_new(request: HttpRequest, household_id: int) -> HttpResponse:
    user = _user(request)
    household = core_selectors.household_for_reading(user, household_id, log=False)
    members = [m.person for m in household.current_members()]
    form = ApplicationForm(request.POST or None, members=members, initial=_prefill(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        applicant = next(p for p in members if p.pk == data.pop("applicant"))
        try:
            app = application_submit(actor=user, household=household, applicant=applicant, **data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已提交救助申请，案件编号 {app.number}")
            return redirect_after_post(request, reverse("assistance:detail", args=[app.pk]))
    return render(
        request,
        "assistance/new.html",
        {"form": form, "household": household},
        status=422 if form.errors else 200,
    )
