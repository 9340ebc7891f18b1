"""Hotline pages: the ticket list with filters, the intake form, a ticket with its
timeline and the actions the user may take, the death offers awaiting confirmation,
and the figures page without personal data."""

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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.audit import audit_page
from minzheng.core.forms import attach_errors, refusal
from minzheng.core.models import User
from minzheng.core.paging import page_of
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.core.workflow.engine import allowed_actions, allowed_records
from minzheng.hotline import dashboard, funeral, selectors, services
from minzheng.hotline import forms as hf
from minzheng.hotline.models import Category, DeathOffer, Line, Ticket
from minzheng.hotline.workflows import INTAKE, TICKET


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not selectors.may_read(user):
        raise PermissionDenied("您的角色无权访问此页面")
    return user


def hotline_login(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log-in plus personal-data reading or the operator's duty (403 otherwise)."""
    from functools import wraps

    from django.contrib.auth.decorators import login_required

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _user(request)
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@hotline_login
def ticket_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    qs = selectors.tickets_visible(user)
    g = request.GET
    status, line, category = g.get("status", ""), g.get("line", ""), g.get("category", "")
    if status == "open":
        qs = qs.open()
    elif status in TICKET.states:
        qs = qs.filter(status=status)
    if line in Line.values:
        qs = qs.filter(line=line)
    if category in Category.values:
        qs = qs.filter(category=category)
    if g.get("overdue"):
        qs = qs.open().filter(due_at__lt=timezone.now())
    page = page_of(request, qs, 30)
    criteria = {
        "状态": "在办" if status == "open" else TICKET.criterion(status),
        "热线": dict(Line.choices).get(line, ""),
        "类别": dict(Category.choices).get(category, ""),
        "仅超时": "是" if g.get("overdue") else "",
    }
    audit_page(actor=user, object_type="hotline.ticket", criteria=criteria, page=page)
    return render(
        request,
        "hotline/ticket_list.html",
        {
            "page": page,
            "now": timezone.now(),
            "status": status,
            "line": line,
            "category": category,
            "overdue": bool(g.get("overdue")),
            "states": TICKET.states,
            "lines": Line.choices,
            "categories": Category.choices,
            "can_intake": user.can(INTAKE),
            "numbers": services.line_numbers(timezone.localdate()),
        },
    )


@require_http_methods(["GET", "POST"])
@hotline_login
def intake(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.can(INTAKE):
        raise PermissionDenied("只有热线接线员可以登记来电")
    form = hf.IntakeForm(request.POST or None, user=user)
    if request.method == "POST":
        if form.is_valid():
            try:
                ticket = services.ticket_intake(actor=user, **form.intake_kwargs())
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"已登记来电，工单编号{ticket.number}")
                return redirect_after_post(request, _url(ticket))
        return render(request, "hotline/intake.html", {"form": form}, status=422)
    return render(request, "hotline/intake.html", {"form": form})


def _url(ticket: Ticket) -> str:
    return reverse("hotline:ticket_detail", args=[ticket.pk])


# action name -> (form class, label of the section); records and transitions alike
FORMS: dict[str, type[forms.Form]] = {
    "dispatch": hf.UnitForm,
    "reassign": hf.UnitForm,
    "rate": hf.RateForm,
    "merge": hf.MergeForm,
    "escalate": hf.EscalateForm,
    "police": hf.PoliceForm,
    "feedback": hf.FeedbackForm,
    "apply": hf.ApplyForm,
    "collection": hf.HomeForm,
    "fee": hf.HomeForm,
    "collected": hf.CollectedForm,
    "death_offer": hf.DeathOfferForm,
}


def _form(action: str, user: User, ticket: Ticket, data: Any = None) -> forms.Form:
    cls = FORMS.get(action, hf.NoteForm)
    if cls in {hf.UnitForm, hf.EscalateForm}:
        return cls(data, ticket=ticket)  # type: ignore[call-arg]
    if cls is hf.MergeForm:
        return cls(data, user=user)  # type: ignore[call-arg]
    return cls(data)


def _context(user: User, ticket: Ticket, failed: tuple[str, forms.Form] | None = None) -> dict:
    actions = [(t.action, t.label) for t in allowed_actions(ticket, user)]
    actions += [(r.action, r.label) for r in allowed_records(ticket, user)]
    sections = [
        (
            action,
            label,
            failed[1] if failed and failed[0] == action else _form(action, user, ticket),
        )
        for action, label in actions
    ]
    return {
        "ticket": ticket,
        "workflow": TICKET,
        "timeline": selectors.timeline(ticket),
        "calls": ticket.calls.all(),
        "sections": sections,
        "report": selectors.row(ticket, "report"),
        "escalation": selectors.row(ticket, "escalation"),
        "collection": selectors.row(ticket, "collection"),
        "death_offer": selectors.row(ticket, "death_offer"),
        "police": ticket.police_referrals.all(),
        "now": timezone.now(),
    }


@require_GET
@hotline_login
def ticket_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    ticket = selectors.ticket_for_reading(user, pk)
    return render(request, "hotline/ticket_detail.html", _context(user, ticket))


RECORD_SERVICES: dict[str, Callable[[User, Ticket, dict[str, Any]], Any]] = {
    "supervise": lambda u, t, d: services.supervise(actor=u, ticket=t, note=d["note"]),
    "escalate": lambda u, t, d: services.escalate_emergency(actor=u, ticket=t, **d),
    "police": lambda u, t, d: services.refer_to_police(actor=u, ticket=t, **d),
    "feedback": lambda u, t, d: services.report_feedback(actor=u, ticket=t, **d),
    "apply": lambda u, t, d: services.start_application(actor=u, ticket=t, **d),
    "collection": lambda u, t, d: funeral.dispatch_collection(actor=u, ticket=t, **d),
    "fee": lambda u, t, d: funeral.answer_fee_enquiry(actor=u, ticket=t, **d),
    "collected": lambda u, t, d: funeral.record_collected(actor=u, ticket=t, **d),
    "death_offer": lambda u, t, d: funeral.offer_death(
        actor=u, ticket=t, person=d["id_number"], death_date=d["death_date"]
    ),
}


@require_POST
@hotline_login
def ticket_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One action of the ticket: a transition of the loop or a record beside it."""
    user = _user(request)
    ticket = selectors.ticket_for_reading(user, pk, log=False)
    known = {t.action for t in TICKET.transitions} | set(RECORD_SERVICES)
    if action not in known:
        raise Http404("没有该操作")
    form = _form(action, user, ticket, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if action in RECORD_SERVICES:
                RECORD_SERVICES[action](user, ticket, data)
                label = TICKET.find_record(action).label
            else:
                note = data.pop("note", "") or ""
                services.act(ticket, action, user, note=note, **data)
                label = TICKET.find(action).label
        except ActionNotPermitted as refused:  # the role or duty may not: 403, no form
            raise PermissionDenied(str(refused)) from refused
        except (ValidationError, WorkflowError) as exc:
            attach_errors(form, refusal(exc))
        else:
            messages.success(request, f"已办理“{label}”")
            return redirect_after_post(request, _url(ticket))
    ticket = selectors.ticket_for_reading(user, pk, log=False)
    return render(
        request, "hotline/ticket_detail.html", _context(user, ticket, (action, form)), status=422
    )


@require_GET
@requires(Capability.EDIT_PERSONAL)
def death_offers(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    offers = funeral.offers_visible(user).select_related("person", "ticket", "offered_by")
    pending = offers.filter(state="offered")
    return render(
        request,
        "hotline/death_offers.html",
        {
            "offers": pending[:200],
            "decided": offers.exclude(state="offered")[:50],
            "form": hf.DecideForm(),
        },
    )


@require_POST
@requires(Capability.EDIT_PERSONAL)
def death_offer_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    offer = funeral.offers_visible(user).filter(pk=pk).first()
    if offer is None:
        raise Http404("未找到该死亡信息，或不在您的管辖区域内")
    form = hf.DecideForm(request.POST)
    if form.is_valid():
        try:
            funeral.decide_death_offer(
                actor=user,
                offer=offer,
                confirm=form.cleaned_data["decision"] == "confirm",
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "已处理死亡信息")
            return redirect_after_post(request, reverse("hotline:death_offers"))
    offers = funeral.offers_visible(user).select_related("person", "ticket", "offered_by")
    return render(
        request,
        "hotline/death_offers.html",
        {
            "offers": offers.filter(state="offered")[:200],
            "decided": [],
            "form": form,
            "failed": offer.pk,
        },
        status=422,
    )


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def figures(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    return render(request, "hotline/dashboard.html", {"f": dashboard.figures(user)})


__all__ = ["DeathOffer"]
