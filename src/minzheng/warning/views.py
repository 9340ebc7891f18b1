"""Lead pages: the list (with deadline status), a lead with its visits and actions,
and the run history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.audit import audit_page
from minzheng.core.forms import attach_errors, refusal
from minzheng.core.models import User
from minzheng.core.paging import page_of
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.core.views_photos import VisitPhotoForm, photo_file, photo_posted, photo_removed
from minzheng.core.workflow import WorkflowError
from minzheng.warning import selectors, services
from minzheng.warning.forms import SUGGESTED_PROGRAMME, CloseForm, StartApplicationForm, VisitForm
from minzheng.warning.models import Lead, LeadVisitPhoto
from minzheng.warning.visit_photos import PHOTOS
from minzheng.warning.workflows import LEAD, WORKERS


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_GET
@requires(Capability.VIEW_PERSONAL)
def lead_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    qs = selectors.leads_visible(user)
    status = request.GET.get("status", "open")
    if status in LEAD.states:
        qs = qs.filter(status=status)
    if request.GET.get("mine"):
        qs = qs.filter(assigned_to=user)
    if rule := request.GET.get("rule", ""):
        qs = qs.filter(rule_id=rule)
    page = page_of(request, qs, 30)
    rules = selectors.rule_titles(user)
    criteria = {
        "状态": LEAD.criterion(status),
        "仅我的": "是" if request.GET.get("mine") else "",
        "规则": dict(rules).get(rule, rule),
    }
    audit_page(actor=user, object_type="warning.lead", criteria=criteria, page=page)
    rows = selectors.with_deadline_status(user, list(page.object_list), timezone.localdate())
    return render(
        request,
        "warning/lead_list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "states": LEAD.states,
            "workflow": LEAD,
            "rule": rule,
            "rules": rules,
            "mine": bool(request.GET.get("mine")),
            "q": "",
        },
    )


def _lead_context(user: User, pk: int, forms: dict | None = None, log: bool = True) -> dict:
    lead = selectors.lead_for_reading(user, pk, log=log)
    forms = forms or {}
    can_edit = user.can(Capability.EDIT_PERSONAL) and lead.status != "closed"
    start = forms.get("start") or StartApplicationForm(
        initial={"programme": SUGGESTED_PROGRAMME.get(lead.rule_id, "dibao")}
    )
    return {
        "lead": lead,
        "workflow": LEAD,
        "visits": lead.visits.select_related("visitor").prefetch_related("photos"),
        "visit_form": forms.get("visit") or VisitForm(),
        "photo_form": VisitPhotoForm() if can_edit else None,
        "close_form": forms.get("close") or CloseForm(),
        "start_form": start,
        "can_edit": can_edit,
        # Outcomes only to those who may close, once the lead is verified.
        "can_close": user.role in WORKERS and lead.status == "verified",
    }


@require_GET
@requires(Capability.VIEW_PERSONAL)
def lead_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "warning/lead_detail.html", _lead_context(_user(request), pk))


def _act(
    request: HttpRequest,
    pk: int,
    name: str,
    form_class: type[forms.Form],
    run: Callable[[User, Lead, dict[str, Any]], str],
    done: str,
) -> HttpResponse:
    """The three lead actions alike: parse the form, run the service, and on refusal show
    the page again with the reason on the form; `run` returns where to go next."""
    user = _user(request)
    lead = selectors.lead_for_reading(user, pk, log=False)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            url = run(user, lead, form.cleaned_data)
        except (ValidationError, WorkflowError) as exc:
            attach_errors(form, refusal(exc))
        else:
            messages.success(request, done)
            return redirect_after_post(request, url)
    context = _lead_context(user, pk, {name: form}, log=False)
    return render(request, "warning/lead_detail.html", context, status=422)


def _lead_url(lead: Lead) -> str:
    return reverse("warning:lead_detail", args=[lead.pk])


@require_POST
@requires(Capability.EDIT_PERSONAL)
def lead_visit(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, lead: Lead, data: dict[str, Any]) -> str:
        services.lead_visit_record(actor=user, lead=lead, **data)
        return _lead_url(lead)

    return _act(request, pk, "visit", VisitForm, run, "已保存核实记录")


@require_POST
@requires(Capability.EDIT_PERSONAL)
def lead_close(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, lead: Lead, data: dict[str, Any]) -> str:
        services.lead_close(actor=user, lead=lead, today=timezone.localdate(), **data)
        return _lead_url(lead)

    return _act(request, pk, "close", CloseForm, run, "线索已办结")


@require_POST
@requires(Capability.EDIT_PERSONAL)
def lead_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Outcome "apply": an application pre-filled from the lead (household, applicant,
    suggested programme); the caseworker lands on the new case."""

    def run(user: User, lead: Lead, data: dict[str, Any]) -> str:
        app = services.lead_start_application(
            actor=user, lead=lead, today=timezone.localdate(), **data
        )
        return reverse("assistance:detail", args=[app.pk])

    return _act(request, pk, "start", StartApplicationForm, run, "已发起救助申请，线索随之办结")


@require_POST
@requires(Capability.EDIT_PERSONAL)
def lead_photo_attach(request: HttpRequest, pk: int, visit_pk: int) -> HttpResponse:
    """A photo under a recorded check (issue 15 item 5); refused → the page, 422."""
    user = _user(request)
    lead = selectors.lead_for_reading(user, pk, log=False)
    visit = get_object_or_404(lead.visits, pk=visit_pk)
    return photo_posted(
        request, user, visit, PHOTOS,
        done=_lead_url(lead),
        again=lambda refused: render(
            request, "warning/lead_detail.html",
            {**_lead_context(user, pk, log=False), "photo_error": refused},
        ),
    )  # fmt: skip


@require_GET
@requires(Capability.VIEW_PERSONAL)
def lead_photo_file(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    user = _user(request)
    lead = selectors.lead_for_reading(user, pk, log=False)
    photo = get_object_or_404(LeadVisitPhoto, pk=photo_pk, visit__lead=lead)
    return photo_file(user, photo, PHOTOS)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def lead_photo_delete(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    user = _user(request)
    lead = selectors.lead_for_reading(user, pk, log=False)
    photo = get_object_or_404(
        LeadVisitPhoto.objects.select_related("visit__lead"), pk=photo_pk, visit__lead=lead
    )
    return photo_removed(request, user, photo, PHOTOS, _lead_url(lead))


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def runs(request: HttpRequest) -> HttpResponse:
    return render(request, "warning/runs.html", {"runs": selectors.run_history()})
