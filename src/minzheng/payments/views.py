"""Payroll pages: the county's cycles, a cycle with its lines and the workflow actions,
the bank file, the return file. Thin: authorise, call one service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.audit import audit_export
from minzheng.core.forms import attach_errors
from minzheng.core.models import Area, User
from minzheng.core.paging import page_of
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability, Role
from minzheng.core.spreadsheets.writer import XLSX_CONTENT_TYPE, table_xlsx, xlsx_response
from minzheng.core.views import requires
from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.core.workflow.engine import allowed_actions, history, transition
from minzheng.payments import selectors
from minzheng.payments.bankfiles import DEFAULT_LAYOUT, bank_file, layout
from minzheng.payments.errors import PaymentError
from minzheng.payments.forms import (
    BankFileForm,
    CycleForm,
    NoteForm,
    RepayForm,
    ReturnFileForm,
    TotalsForm,
    WriteOffForm,
)
from minzheng.payments.models import PayrollCycle
from minzheng.payments.recoveries import recovery_repay, recovery_write_off
from minzheng.payments.returns import ReturnFileRefused, return_file_apply
from minzheng.payments.services.payroll import (
    correction_open,
    payroll_compute,
    payroll_cycle_open,
    payroll_send,
)
from minzheng.payments.totals import HEADER, Total, grand_total, totals
from minzheng.payments.workflows import PAYROLL


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _plain(action: str) -> Callable[..., Any]:
    def act(*, actor: User, cycle: PayrollCycle, note: str) -> None:
        transition(cycle, action, actor, note=note)

    return act


ACTIONS: dict[str, Callable[..., Any]] = {
    "compute": lambda *, actor, cycle, note: payroll_compute(actor=actor, cycle=cycle),
    "send": lambda *, actor, cycle, note: payroll_send(actor=actor, cycle=cycle),
    **{a: _plain(a) for a in ("submit", "send_back", "approve", "close")},
}


def _may_open(user: User) -> bool:
    return user.role in PAYROLL.find("compute").roles


@require_GET
@requires(Capability.VIEW_PERSONAL)
def cycle_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = page_of(request, selectors.cycles_visible(user), 30)
    form = CycleForm(user=user) if _may_open(user) else None
    return render(request, "payments/cycle_list.html", {"page": page, "form": form})


@require_POST
@requires(Capability.EDIT_PERSONAL)
def cycle_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _may_open(user):
        raise PermissionDenied("您的角色无权建立发放批次")
    form = CycleForm(request.POST, user=user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            cycle = payroll_cycle_open(
                actor=user,
                programme=data["programme"],
                county=Area.objects.get(code=data["county"]),
                month=data["month"],
            )
        except ActionNotPermitted as refused:
            raise PermissionDenied(str(refused)) from None
        except PaymentError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "已建立发放批次，请计算发放名册")
            return redirect_after_post(request, reverse("payments:cycle_detail", args=[cycle.pk]))
    if getattr(request, "htmx", False):
        partial = {"form": form, "action": request.path, "submit": "建立批次"}
        return render(request, "core/_form.html", partial, status=422)
    page = page_of(request, selectors.cycles_visible(user), 30)
    context = {"page": page, "form": form}
    return render(request, "payments/cycle_list.html", context, status=422)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def correction_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    source = selectors.cycle_for_reading(user, pk, log=False)
    try:
        cycle = correction_open(actor=user, source=source)
    except ActionNotPermitted as refused:
        raise PermissionDenied(str(refused)) from None
    except PaymentError as refused:
        form = NoteForm(prefix="correction")
        form.add_error(None, str(refused))
        context = _context(request, source, correction=form)
        return render(request, "payments/cycle_detail.html", context, status=422)
    messages.success(request, "已建立补发批次，请计算补发名册")
    return redirect_after_post(request, reverse("payments:cycle_detail", args=[cycle.pk]))


def _context(request: HttpRequest, cycle: PayrollCycle, **bound: forms.Form) -> dict[str, Any]:
    user = _user(request)
    actions = [t for t in allowed_actions(cycle, user) if t.action in ACTIONS]
    lines = selectors.lines_visible(user).filter(cycle=cycle).order_by("id")
    return {
        "cycle": cycle,
        "page": page_of(request, lines, 50),
        "actions": [(t, bound.get(t.action) or NoteForm(prefix=t.action)) for t in actions],
        "bank_form": BankFileForm(initial={"layout": DEFAULT_LAYOUT, "encoding": "GBK"}),
        "return_form": bound.get("return") or ReturnFileForm(initial={"layout": DEFAULT_LAYOUT}),
        "can_reconcile": cycle.status == "sent" and user.role in PAYROLL.find("reconcile").roles,
        "can_correct": cycle.status in ("sent", "reconciled", "closed") and _may_open(user),
        "correction_form": bound.get("correction"),
        "history": history(cycle),
        "workflow": PAYROLL,
    }


@require_GET
@requires(Capability.VIEW_PERSONAL)
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_for_reading(_user(request), pk)
    return render(request, "payments/cycle_detail.html", _context(request, cycle))


@require_POST
@requires(Capability.EDIT_PERSONAL)
def cycle_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = _user(request)
    cycle = selectors.cycle_for_reading(user, pk, log=False)
    if action not in ACTIONS:
        raise Http404("未知的办理动作")
    form = NoteForm(request.POST, prefix=action)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    try:
        ACTIONS[action](actor=user, cycle=cycle, note=note)
    except ActionNotPermitted as refused:
        raise PermissionDenied(str(refused)) from None
    except (WorkflowError, PaymentError) as refused:
        attach_errors(form, ValidationError(str(refused)))
        context = _context(request, cycle, **{action: form})
        return render(request, "payments/cycle_detail.html", context, status=422)
    messages.success(request, f"已办理：{cycle.status_label}")
    return redirect_after_post(request, reverse("payments:cycle_detail", args=[pk]))


@require_GET
@requires(Capability.EXPORT_PERSONAL)
def cycle_bank_file(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    cycle = selectors.cycle_for_reading(user, pk, log=False)
    form = BankFileForm(request.GET)
    if not form.is_valid():
        return HttpResponse("；".join(f"{k}：{v[0]}" for k, v in form.errors.items()), status=400)
    try:
        data = bank_file(cycle, on=timezone.localdate(), **_choices(form))
    except PaymentError as refused:
        return HttpResponse(str(refused), status=409, content_type="text/plain; charset=utf-8")
    audit_export(
        actor=user,
        object_type="payments.payrollline",
        area_code=cycle.area_id,
        count=cycle.line_count - cycle.held_count,
        criteria=f"银行文件：批次{cycle.pk}",
    )
    lay = layout(form.cleaned_data["layout"])
    kind = XLSX_CONTENT_TYPE if lay.format == "xlsx" else "text/plain"
    response = HttpResponse(data, content_type=kind)
    name = (
        f"payroll-{cycle.area_id}-{cycle.programme}-{cycle.month:%Y%m}-{cycle.pk}.{lay.extension}"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _choices(form: BankFileForm) -> dict[str, Any]:
    return {"layout_code": form.cleaned_data["layout"], "encoding": form.cleaned_data["encoding"]}


@require_POST
@requires(Capability.EDIT_PERSONAL)
def cycle_return_file(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    cycle = selectors.cycle_for_reading(user, pk, log=False)
    form = ReturnFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            outcome = return_file_apply(
                actor=user, cycle=cycle, data=form.cleaned_data["file"].read(), **_choices(form)
            )
        except ActionNotPermitted as refused:
            raise PermissionDenied(str(refused)) from None
        except ReturnFileRefused as refused:
            for problem in refused.problems:
                form.add_error(None, str(problem))
        except PaymentError as refused:
            form.add_error(None, str(refused))
        else:
            paid, failed = outcome.counts.get("paid", 0), outcome.counts.get("failed", 0)
            messages.success(request, f"回盘已导入：成功{paid}笔，失败{failed}笔")
            return redirect_after_post(request, reverse("payments:cycle_detail", args=[pk]))
    context = _context(request, cycle, **{"return": form})
    return render(request, "payments/cycle_detail.html", context, status=422)


def _totals(request: HttpRequest) -> tuple[TotalsForm, list[Total]]:
    """The filter and the rows in the user's area; a bad filter shows no rows."""
    form = TotalsForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, []
    data = form.cleaned_data if form.is_bound else {}
    rows = totals(
        _user(request).scope_prefix, programme=data.get("programme", ""), year=data.get("year")
    )
    return form, rows


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def totals_page(request: HttpRequest) -> HttpResponse:
    """Aggregates only (no person): those with the dashboard see their area's totals."""
    form, rows = _totals(request)
    context = {
        "form": form,
        "rows": rows,
        "total": grand_total(rows),
        "query": request.GET.urlencode(),
    }
    status = 422 if form.errors else 200
    return render(request, "payments/totals.html", context, status=status)


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def totals_export(request: HttpRequest) -> HttpResponse:
    form, rows = _totals(request)
    if form.errors:
        return HttpResponse(
            "；".join(f"{form.fields[k].label}：{v[0]}" for k, v in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    user = _user(request)
    content, count = table_xlsx("资金发放汇总", HEADER, (r.row() for r in rows))
    audit_export(
        actor=user,
        object_type="payments.ledgerentry",
        area_code=user.scope_prefix,
        count=count,
        criteria=f"资金发放汇总：{request.GET.urlencode() or '全部'}",
    )
    return xlsx_response(content, "资金发放汇总.xlsx")


def _recoveries(request: HttpRequest, status: int = 200, **bound: Any) -> HttpResponse:
    user = _user(request)
    page = page_of(request, selectors.recoveries_visible(user).order_by("-created_at", "-id"), 30)
    context = {
        "page": page,
        "can_act": user.role == Role.COUNTY_APPROVER,
        "repay_form": bound.get("repay") or RepayForm(),
        "write_off_form": bound.get("write_off") or WriteOffForm(),
        "failed": bound.get("pk"),
    }
    return render(request, "payments/recoveries.html", context, status=status)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def recovery_list(request: HttpRequest) -> HttpResponse:
    return _recoveries(request)


def _recovery_act(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    user = _user(request)
    order = selectors.recovery_for_writing(user, pk)
    form: forms.Form = RepayForm(request.POST) if kind == "repay" else WriteOffForm(request.POST)
    if user.role != Role.COUNTY_APPROVER:
        raise PermissionDenied("只有县级审批人可以登记退还或核销追回单")
    if form.is_valid():
        try:
            if kind == "repay":
                recovery_repay(actor=user, order=order, amount=form.cleaned_data["amount"])
            else:
                recovery_write_off(actor=user, order=order, reason=form.cleaned_data["reason"])
        except PaymentError as refused:
            form.add_error("amount" if kind == "repay" else None, str(refused))
        else:
            done = "已登记退还" if kind == "repay" else "已核销追回单"
            messages.success(request, f"{done}：{order.beneficiary.name}")
            return redirect_after_post(request, reverse("payments:recovery_list"))
    return _recoveries(request, 422, **{kind: form, "pk": pk})


@require_POST
@requires(Capability.EDIT_PERSONAL)
def repay(request: HttpRequest, pk: int) -> HttpResponse:
    return _recovery_act(request, pk, "repay")


@require_POST
@requires(Capability.EDIT_PERSONAL)
def write_off(request: HttpRequest, pk: int) -> HttpResponse:
    return _recovery_act(request, pk, "write_off")
