"""Old-age allowance pages (D7.3) and the benefit recipients' roll: the monthly batch
and its confirmation, proofs of life and their sweep, stops. Thin views."""

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
from django.views.decorators.http import require_GET, require_POST

from minzheng.assistance.models import Enrolment
from minzheng.benefits import selectors
from minzheng.benefits.forms import AreaForm, LifeCheckForm, MonthForm, NoteForm, StopForm
from minzheng.benefits.models import ProposalStatus
from minzheng.benefits.proof_of_life import checks_due
from minzheng.benefits.roll import may_import
from minzheng.benefits.services.enrolment import benefit_stop
from minzheng.benefits.services.old_age import (
    life_check_record,
    life_checks_sweep,
    old_age_confirm,
    old_age_dismiss,
    old_age_propose,
)
from minzheng.benefits.views import user_of
from minzheng.core.audit import audit_search
from minzheng.core.forms import attach_errors
from minzheng.core.models import User
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires

SHOWN = 200


def _batch_prefix(user: User, form: AreaForm) -> str | None:
    """The area a batch runs over: the user's own, or one beneath it (D0.3); None with
    the form's error when the form is wrong or the area is not the user's."""
    if not form.is_valid():
        return None
    code = form.cleaned_data["area"] or user.scope_prefix
    if not user.reaches(code):
        form.add_error("area", "该区划不在您的管辖区域内")
        return None
    return code


def _old_age_page(
    request: HttpRequest, bound: dict[str, forms.Form], status: int = 200
) -> HttpResponse:
    user = user_of(request)
    proposals = selectors.proposals_visible(user).filter(status=ProposalStatus.PROPOSED)
    context = {
        "can_edit": user.can(Capability.EDIT_PERSONAL),
        "proposals": proposals[:SHOWN],
        "month_form": bound.get("month") or MonthForm(initial={"month": timezone.localdate()}),
        "note_form": bound.get("note") or NoteForm(prefix="dismiss"),
    }
    return render(request, "benefits/old_age.html", context, status=status)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def old_age(request: HttpRequest) -> HttpResponse:
    return _old_age_page(request, {})


@require_POST
@requires(Capability.EDIT_PERSONAL)
def old_age_propose_view(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = MonthForm(request.POST)
    prefix = _batch_prefix(user, form)
    if prefix is None:
        return _old_age_page(request, {"month": form}, 422)
    made = old_age_propose(actor=user, month=form.cleaned_data["month"], prefix=prefix)
    messages.success(request, f"本批次新增待确认{len(made)}人")
    return redirect_after_post(request, reverse("benefits:old_age"))


@require_POST
@requires(Capability.EDIT_PERSONAL)
def old_age_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    proposal = selectors.proposal_for(user, pk, Capability.EDIT_PERSONAL)
    try:
        old_age_confirm(actor=user, proposal=proposal, today=timezone.localdate())
    except ValidationError as exc:
        form = NoteForm(prefix="dismiss")
        attach_errors(form, exc)
        return _old_age_page(request, {"note": form}, 422)
    messages.success(request, f"已确认纳入：{proposal.person.name}")
    return redirect_after_post(request, reverse("benefits:old_age"))


@require_POST
@requires(Capability.EDIT_PERSONAL)
def old_age_dismiss_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    proposal = selectors.proposal_for(user, pk, Capability.EDIT_PERSONAL)
    form = NoteForm(request.POST, prefix="dismiss")
    if form.is_valid():
        try:
            old_age_dismiss(
                actor=user,
                proposal=proposal,
                note=form.cleaned_data["note"],
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "已办理不予纳入")
            return redirect_after_post(request, reverse("benefits:old_age"))
    return _old_age_page(request, {"note": form}, 422)


def _recipients_page(
    request: HttpRequest, bound: dict[str, Any], status: int = 200
) -> HttpResponse:
    user = user_of(request)
    rows = list(selectors.recipients_visible(user)[:SHOWN])
    audit_search(
        actor=user,
        object_type="assistance.enrolment",
        criteria={"类别": "专项补贴"},
        rows=len(rows),
        cut=len(rows) == SHOWN,
    )
    old_age = [e.pk for e in rows if e.programme == "old_age_allowance"]
    due = {e.pk: d for e, d in checks_due(Enrolment.objects.filter(pk__in=old_age))}
    items = [(e, due.get(e.pk)) for e in rows]
    context = {
        "can_edit": user.can(Capability.EDIT_PERSONAL),
        "items": items,
        "check_form": bound.get("check")
        or LifeCheckForm(initial={"checked_on": timezone.localdate()}),
        "stop_form": bound.get("stop") or StopForm(),
        "failed": bound.get("pk"),
        "area_form": bound.get("area") or AreaForm(),
        "can_import": may_import(user_of(request)),
    }
    return render(request, "benefits/recipients.html", context, status=status)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def recipients(request: HttpRequest) -> HttpResponse:
    return _recipients_page(request, {})


def _recipient_post(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    key: str,
    act: Callable[..., object],
    done: str,
) -> HttpResponse:
    """One write on a recipient of the user's area: parse, call the service, back to the
    roll, or the roll again with the errors (422)."""
    user = user_of(request)
    enrolment = selectors.recipient_for(user, pk, Capability.EDIT_PERSONAL)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(actor=user, enrolment=enrolment, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect_after_post(request, reverse("benefits:recipients"))
    return _recipients_page(request, {key: form, "pk": pk}, 422)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def life_check_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _recipient_post(
        request, pk, LifeCheckForm, "check", life_check_record, "已登记生存认证"
    )


@require_POST
@requires(Capability.EDIT_PERSONAL)
def stop_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _recipient_post(request, pk, StopForm, "stop", benefit_stop, "已办理停发")


@require_POST
@requires(Capability.EDIT_PERSONAL)
def life_checks_sweep_view(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = AreaForm(request.POST)
    prefix = _batch_prefix(user, form)
    if prefix is None:
        return _recipients_page(request, {"area": form, "pk": True}, 422)
    made = life_checks_sweep(actor=user, prefix=prefix, today=timezone.localdate())
    messages.success(request, f"逾期未认证暂停发放{len(made)}人")
    return redirect_after_post(request, reverse("benefits:recipients"))
