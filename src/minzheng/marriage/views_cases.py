"""Marriage and divorce cases at the desk: receive, the case page with its actions,
the certificate record (PDF) and its replacement. Thin: authorise, one service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.audit import audit_record
from minzheng.core.documents import pdf_response
from minzheng.core.forms import attach_errors, refusal
from minzheng.core.models import AuditAction, User
from minzheng.core.responses import redirect_after_post
from minzheng.core.views import requires
from minzheng.core.workflow import WorkflowError
from minzheng.core.workflow.engine import allowed_actions, history
from minzheng.marriage import selectors
from minzheng.marriage.documents import certificate_pdf
from minzheng.marriage.forms import (
    DivorceForm,
    MarriageForm,
    NoteForm,
    PresentForm,
    ReplaceForm,
    WithdrawForm,
)
from minzheng.marriage.models import Divorce, MarriageRegistration
from minzheng.marriage.periods import PHASE_LABELS
from minzheng.marriage.rules import Kinship
from minzheng.marriage.selectors import REGISTRAR
from minzheng.marriage.services.certificates import certificate_replace
from minzheng.marriage.services.divorces import (
    divorce_receive,
    divorce_refuse,
    divorce_register,
    divorce_withdraw,
)
from minzheng.marriage.services.registrations import (
    marriage_check,
    marriage_receive,
    marriage_refuse,
    marriage_register,
)
from minzheng.marriage.views import page_with_form, user_of
from minzheng.marriage.workflows import DIVORCE, REGISTRATION

FORMS: dict[str, type[forms.Form]] = {
    "withdraw": WithdrawForm,
    "register": PresentForm,
    "refuse": NoteForm,
}


def _read(user: User, case: Any) -> None:
    audit_record(actor=user, action=AuditAction.READ, obj=case, summary=f"查看{case}")


@require_http_methods(["GET", "POST"])
@requires(REGISTRAR)
def registration_new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = MarriageForm(request.POST or None, registries=selectors.registries_visible(user))
    if request.method == "POST" and form.is_valid():
        try:
            case = marriage_receive(actor=user, today=timezone.localdate(), **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "已受理结婚登记申请，请审查后办理")
            url = reverse("marriage:registration_detail", args=[case.pk])
            return redirect_after_post(request, url)
    context = {"title": "受理结婚登记", "submit": "受理"}
    return page_with_form(request, "core/form_page.html", context, form)


def _certificates(case: MarriageRegistration | Divorce) -> dict[str, Any]:
    """The case's certificates, and the one in use (which a replacement would replace)."""
    rows = case.certificates.select_related("registry", "replaces", "replaced_by").order_by("id")
    certificates = list(rows)
    in_use = [c for c in certificates if c.current]
    return {"certificates": certificates, "in_use": in_use[-1] if in_use else None}


def _registration_context(
    user: User, case: MarriageRegistration, bound: dict[str, forms.Form]
) -> dict[str, Any]:
    today = timezone.localdate()
    actions = allowed_actions(case, user)
    return {
        "case": case,
        "workflow": REGISTRATION,
        "kinship": Kinship(case.kinship).label,
        "outcome": marriage_check(case, today) if case.status == "received" else None,
        "actions": [(t, bound.get(t.action) or NoteForm(prefix=t.action)) for t in actions],
        **_certificates(case),
        "replace_form": bound.get("replace")
        or ReplaceForm(registries=selectors.registries_visible(user)),
        "history": history(case),
    }


@require_GET
@requires(REGISTRAR)
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = selectors.registration_for(user, pk)
    _read(user, case)
    context = _registration_context(user, case, {})
    return render(request, "marriage/registration_detail.html", context)


@require_POST
@requires(REGISTRAR)
def registration_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = user_of(request)
    case = selectors.registration_for(user, pk)
    if action not in {"register", "refuse"}:
        raise Http404("未知的办理动作")
    form = NoteForm(request.POST, prefix=action)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    today = timezone.localdate()
    try:
        if action == "register":
            cert = marriage_register(actor=user, case=case, today=today)
            messages.success(request, f"已准予登记，结婚证字号{cert.number}")
        else:
            marriage_refuse(actor=user, case=case, note=note, today=today)
            messages.success(request, "已办理“不予登记”")
    except (WorkflowError, ValidationError) as exc:
        attach_errors(form, refusal(exc))
        context = _registration_context(user, case, {action: form})
        return render(request, "marriage/registration_detail.html", context, status=422)
    return redirect("marriage:registration_detail", pk=pk)


@require_http_methods(["GET", "POST"])
@requires(REGISTRAR)
def divorce_new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = DivorceForm(request.POST or None, registries=selectors.registries_visible(user))
    if request.method == "POST" and form.is_valid():
        try:
            case = divorce_receive(actor=user, today=timezone.localdate(), **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                f"已受理离婚登记申请：冷静期至{case.cooling_off_ends_on:%Y-%m-%d}，"
                f"申领离婚证截止{case.window_ends_on:%Y-%m-%d}",
            )
            url = reverse("marriage:divorce_detail", args=[case.pk])
            return redirect_after_post(request, url)
    context = {"title": "受理协议离婚登记", "submit": "受理"}
    return page_with_form(request, "core/form_page.html", context, form)


def _divorce_context(user: User, case: Divorce, bound: dict[str, forms.Form]) -> dict[str, Any]:
    today = timezone.localdate()
    phase = case.phase(today)
    actions = [t for t in allowed_actions(case, user) if t.action in FORMS]
    return {
        "case": case,
        "workflow": DIVORCE,
        "today": today,
        "phase": PHASE_LABELS[phase] if case.status == "applied" else "",
        "actions": [(t, bound.get(t.action) or FORMS[t.action](prefix=t.action)) for t in actions],
        **_certificates(case),
        "replace_form": bound.get("replace")
        or ReplaceForm(registries=selectors.registries_visible(user)),
        "history": history(case),
    }


@require_GET
@requires(REGISTRAR)
def divorce_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = selectors.divorce_for(user, pk)
    _read(user, case)
    return render(request, "marriage/divorce_detail.html", _divorce_context(user, case, {}))


DIVORCE_ACTIONS: dict[str, Callable[..., object]] = {
    "withdraw": lambda user, case, data, today: divorce_withdraw(
        actor=user, case=case, party=data.get("party", ""), note=data.get("note", ""), today=today
    ),
    "register": lambda user, case, data, today: divorce_register(
        actor=user, case=case, both_present=bool(data.get("both_present")), today=today
    ),
    "refuse": lambda user, case, data, today: divorce_refuse(
        actor=user, case=case, note=data.get("note", ""), today=today
    ),
}


@require_POST
@requires(REGISTRAR)
def divorce_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = user_of(request)
    case = selectors.divorce_for(user, pk)
    if action not in DIVORCE_ACTIONS:
        raise Http404("未知的办理动作")
    form = FORMS[action](request.POST, prefix=action)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        DIVORCE_ACTIONS[action](user, case, data, timezone.localdate())
    except (WorkflowError, ValidationError) as exc:
        attach_errors(form, refusal(exc))
        context = _divorce_context(user, case, {action: form})
        return render(request, "marriage/divorce_detail.html", context, status=422)
    messages.success(request, f"已办理“{DIVORCE.find(action).label}”")
    return redirect("marriage:divorce_detail", pk=pk)


@require_GET
@requires(REGISTRAR)
def certificate_print(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    cert = selectors.certificate_for(user, pk)
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        obj=cert,
        area_code=cert.registry.area_id,
        summary=f"打印证件存根{cert.number}",
    )
    return pdf_response(certificate_pdf(cert, user), f"{cert.number}.pdf")


@require_POST
@requires(REGISTRAR)
def certificate_replace_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    cert = selectors.certificate_for(user, pk)
    case = cert.registration or cert.divorce
    form = ReplaceForm(request.POST, registries=selectors.registries_visible(user))
    if form.is_valid():
        try:
            new = certificate_replace(
                actor=user, certificate=cert, on=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已补发证件{new.number}（替代{cert.number}）")
            return redirect(_case_url(case))
    if isinstance(case, Divorce):
        context = _divorce_context(user, case, {"replace": form})
        return render(request, "marriage/divorce_detail.html", context, status=422)
    assert isinstance(case, MarriageRegistration)
    context = _registration_context(user, case, {"replace": form})
    return render(request, "marriage/registration_detail.html", context, status=422)


def _case_url(case: object) -> str:
    if isinstance(case, Divorce):
        return reverse("marriage:divorce_detail", args=[case.pk])
    assert isinstance(case, MarriageRegistration)
    return reverse("marriage:registration_detail", args=[case.pk])
