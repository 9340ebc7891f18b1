"""Institutional payables (单位资金拨付, D13.1, D13.3): the county's payables to
organisations (account masked), and the county bureau's steps — send to the bank, the
bank's answer (paid, failed or returned, with the bank's reason), re-issue within the
window. Each step is a workflow transition and a ledger entry (`payments.payables`).
Thin: authorise, call one service, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.forms import attach_errors, refusal
from minzheng.core.models import User
from minzheng.core.paging import page_of
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.text import text_problem
from minzheng.core.views import requires
from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.core.workflow.engine import allowed_actions
from minzheng.payments.models import InstitutionalPayable
from minzheng.payments.payables import payable_act
from minzheng.payments.workflows import PAYABLE

ACTIONS = [(t.action, t.label) for t in PAYABLE.transitions]


class PayableActionForm(forms.Form):
    action = forms.ChoiceField(label="事项", choices=ACTIONS)
    note = forms.CharField(
        label="银行反馈原因", max_length=200, required=False, help_text="登记失败或退回时必填"
    )

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        problem = text_problem(note, max_length=200) if note else None
        if problem:
            raise forms.ValidationError(problem)
        return note


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _rows(request: HttpRequest) -> Any:
    user = _user(request)
    query = InstitutionalPayable.objects.visible_to(user).select_related("area")
    programme = request.GET.get("programme", "")
    if programme:
        query = query.filter(programme=programme)
    return page_of(request, query.order_by("-month", "area_id", "id"), 30)


def _list(
    request: HttpRequest,
    form: PayableActionForm | None = None,
    failed: int | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    page = _rows(request)
    for p in page.object_list:
        p.actions = [(t.action, t.label) for t in allowed_actions(p, user)]
        p.form = form if p.pk == failed else None
    return render(request, "payments/payables.html", {"page": page}, status=status)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def payable_list(request: HttpRequest) -> HttpResponse:
    return _list(request)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def payable_action(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    payable = InstitutionalPayable.objects.visible_to(user).filter(pk=pk).first()
    if payable is None:
        raise Http404("没有找到该拨付记录")
    form = PayableActionForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        try:
            payable_act(actor=user, payable=payable, action=action, note=form.cleaned_data["note"])
        except ActionNotPermitted as refused:  # the role may not: 403, no form
            raise PermissionDenied(str(refused)) from refused
        except (WorkflowError, ValidationError) as exc:
            attach_errors(form, refusal(exc))
        else:
            messages.success(request, f"已办理“{dict(ACTIONS)[action]}”：{payable.source_label}")
            return redirect_after_post(request, reverse("payments:payable_list"))
    return _list(request, form, failed=payable.pk, status=422)
