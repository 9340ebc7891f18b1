"""The registry's pages: the desk (open cases), appointments, statistics. Thin:
authorise, call one service or selector, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.forms import attach_errors, refusal
from minzheng.core.models import User
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.core.workflow import WorkflowError
from minzheng.marriage import selectors
from minzheng.marriage.forms import AppointmentForm, NoteForm
from minzheng.marriage.selectors import REGISTRAR
from minzheng.marriage.services.appointments import (
    appointment_book,
    appointment_cancel,
    places_on,
)
from minzheng.marriage.statistics import monthly_statistics
from minzheng.marriage.workflows import DIVORCE, REGISTRATION

SHOWN = 50  # open cases on the desk; the API lists all


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def page_with_form(
    request: HttpRequest, template: str, context: dict[str, Any], form: forms.Form
) -> HttpResponse:
    """The whole page, or the form alone with its errors for an htmx post (422)."""
    failed = request.method == "POST"
    if failed and getattr(request, "htmx", False):
        partial = {"form": form, "action": request.path, "submit": context.get("submit")}
        return render(request, "core/_form.html", partial, status=422)
    return render(request, template, {**context, "form": form}, status=422 if failed else 200)


@require_GET
@requires(REGISTRAR)
def home(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    context = {
        "registrations": selectors.registrations_visible(user).filter(status="received")[:SHOWN],
        "divorces": selectors.divorces_visible(user).filter(status="applied")[:SHOWN],
        "recent": selectors.registrations_visible(user).exclude(status="received")[:SHOWN],
        "closed_divorces": selectors.divorces_visible(user).exclude(status="applied")[:SHOWN],
        "registration_workflow": REGISTRATION,
        "divorce_workflow": DIVORCE,
    }
    return render(request, "marriage/home.html", context)


def _day_of(request: HttpRequest, today: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("day", "")[:10])
    except ValueError:
        return today + dt.timedelta(days=1)


@require_http_methods(["GET", "POST"])
@requires(REGISTRAR)
def appointments(request: HttpRequest) -> HttpResponse:
    """Bookings of a day per registry with the places left, and the booking form."""
    user = user_of(request)
    today = timezone.localdate()
    registries = selectors.registries_visible(user)
    form = AppointmentForm(request.POST or None, registries=registries)
    if request.method == "POST" and form.is_valid():
        try:
            booked = appointment_book(actor=user, today=today, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            what = f"{booked.registry.name} {booked.day:%Y-%m-%d}"
            messages.success(request, f"已预约：{what}（{booked.get_kind_display()}）")
            return redirect(f"{request.path}?day={booked.day.isoformat()}")
    day = _day_of(request, today)
    rows = selectors.appointments_visible(user).filter(day=day).order_by("registry", "id")
    context = {"day": day, "rows": rows, "places": places_on(registries, day), "submit": "预约"}
    return page_with_form(request, "marriage/appointments.html", context, form)


@require_POST
@requires(REGISTRAR)
def appointment_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    appointment = selectors.appointment_for(user, pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    try:
        appointment_cancel(actor=user, appointment=appointment, note=note)
    except WorkflowError as exc:
        messages.error(request, str(refusal(exc).messages[0]))
    else:
        messages.success(request, "已取消预约")
    return redirect(f"{reverse('marriage:appointments')}?day={appointment.day.isoformat()}")


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def statistics(request: HttpRequest) -> HttpResponse:
    """Registrations and divorces by month and registry: counts only."""
    today = timezone.localdate()
    since = dt.date(today.year - 1, 1, 1)
    rows = monthly_statistics(user_of(request), since=since, until=today)
    return render(request, "marriage/statistics.html", {"rows": rows, "since": since})
