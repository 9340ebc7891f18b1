"""The review queue of likely duplicates (D0.1, D5.3): the list, the two records side
by side with the evidence per field, the decision, the merge and its undoing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.audit import audit_page
from minzheng.core.forms import attach_errors, refusal
from minzheng.core.models import User
from minzheng.core.paging import page_of
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.identity import selectors, services
from minzheng.identity.evidence import evidence_rows
from minzheng.identity.forms import DecideForm, MergeForm, UndoForm
from minzheng.identity.models import MatchPair
from minzheng.identity.workflows import PAIR, REVIEWERS


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_GET
@requires(Capability.VIEW_PERSONAL)
def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = request.GET.get("status", "pending")
    qs = selectors.pairs_visible(user)
    if status in PAIR.states:
        qs = qs.filter(status=status)
    page = page_of(request, qs, 30)
    audit_page(
        actor=user,
        object_type="identity.matchpair",
        criteria={"状态": PAIR.criterion(status)},
        page=page,
    )
    return render(
        request,
        "identity/queue.html",
        {"page": page, "status": status, "states": PAIR.states, "workflow": PAIR},
    )


def _context(
    user: User, pk: int, bound: dict[str, forms.Form] | None = None, log: bool = True
) -> dict[str, Any]:
    pair = selectors.pair_for_reading(user, pk, log=log)
    bound = bound or {}
    reviewer = user.role in REVIEWERS
    return {
        "pair": pair,
        "workflow": PAIR,
        "evidence": evidence_rows(pair),
        "merge_record": pair.merges.filter(undone_at__isnull=True).first(),
        "decide_form": bound.get("decide") or DecideForm(),
        "merge_form": bound.get("merge") or MergeForm(),
        "undo_form": bound.get("undo") or UndoForm(),
        "can_decide": reviewer and pair.status == "pending",
        "can_merge": reviewer and pair.status == "same" and not pair.from_feed,
        "can_undo": reviewer and pair.status == "merged",
    }


@require_GET
@requires(Capability.VIEW_PERSONAL)
def pair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "identity/pair_detail.html", _context(_user(request), pk))


def _act(
    request: HttpRequest,
    pk: int,
    name: str,
    form_class: type[forms.Form],
    run: Callable[[User, MatchPair, dict[str, Any]], None],
    done: str,
) -> HttpResponse:
    user = _user(request)
    pair = selectors.pair_for_reading(user, pk, log=False)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(user, pair, form.cleaned_data)
        except ActionNotPermitted as refused:
            raise PermissionDenied(str(refused)) from None
        except (ValidationError, WorkflowError) as exc:
            attach_errors(form, refusal(exc))
        else:
            messages.success(request, done)
            return redirect_after_post(request, reverse("identity:pair_detail", args=[pk]))
    context = _context(user, pk, {name: form}, log=False)
    return render(request, "identity/pair_detail.html", context, status=422)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def pair_decide(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, pair: MatchPair, data: dict[str, Any]) -> None:
        services.decide(actor=user, pair=pair, same=data["decision"] == "same", note=data["note"])

    return _act(request, pk, "decide", DecideForm, run, "复核结论已保存")


@require_POST
@requires(Capability.EDIT_PERSONAL)
def pair_merge(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, pair: MatchPair, data: dict[str, Any]) -> None:
        keep = pair.person_a if data["keep"] == "a" else pair.person_b
        if keep is None:  # a feed's record: nothing to merge
            raise WorkflowError("部门数据记录不是登记档案，无需合并")
        services.merge(actor=user, pair=pair, keep=keep, note=data["note"])

    return _act(request, pk, "merge", MergeForm, run, "两份档案已合并，可撤销")


@require_POST
@requires(Capability.EDIT_PERSONAL)
def pair_undo(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, pair: MatchPair, data: dict[str, Any]) -> None:
        services.undo_merge(actor=user, pair=pair, note=data["note"])

    return _act(request, pk, "undo", UndoForm, run, "合并已撤销，记录已移回原档案")
