"""Licensing pages: the items, the applications, intake with the checklist, an
application with its two clocks and actions, the on-time rates. Thin: authorise,
call one service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.config import values
from minzheng.core.forms import attach_errors, refusal
from minzheng.core.models import Area, User
from minzheng.core.paging import page_of
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.core.workdays import get_calendar
from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.core.workflow.engine import allowed_actions, history
from minzheng.licensing import services
from minzheng.licensing.deadlines import clocks_of, status_of
from minzheng.licensing.forms import ActionForm, IntakeForm, ItemChoiceForm
from minzheng.licensing.items import all_items, item
from minzheng.licensing.models import LicenceApplication
from minzheng.licensing.rates import on_time_rates
from minzheng.licensing.selectors import application_for_reading, applications_visible
from minzheng.licensing.workflows import AUTHORITY, LICENCE

DUE_SOON = "licensing.due_soon.working_days"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_GET
@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    """The items with the limits in force today (city-wide), as the bureau publishes."""
    today = timezone.localdate()
    rows = []
    for declared in all_items().values():
        limits = values([declared.statutory_limit, declared.promised_limit], area=None, on=today)
        rows.append(
            (declared, limits.get(declared.statutory_limit), limits.get(declared.promised_limit))
        )
    return render(request, "licensing/item_list.html", {"rows": rows})


def _due_soon_days(user: User) -> int:
    raw = values([DUE_SOON], area=user.area, on=timezone.localdate()).get(DUE_SOON, "0")
    return int(raw)


def _with_clocks(rows: list[LicenceApplication], user: User) -> list[tuple[Any, ...]]:
    today, soon, calendar = timezone.localdate(), _due_soon_days(user), get_calendar()
    names = {code: i.name for code, i in all_items().items()}
    out = []
    for a in rows:
        clocks = clocks_of(a, today, calendar)
        statutory, promised = clocks.due_dates()
        running = a.status in ("accepted", "extension_requested")
        out.append(
            (
                a,
                clocks,
                status_of(calendar, promised, today, soon) if running else None,
                status_of(calendar, statutory, today, soon) if running else None,
                names.get(a.item_code, a.item_code),
            )
        )
    return out


@require_GET
@requires(Capability.VIEW_PERSONAL)
def application_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = request.GET.get("status", "")
    qs = applications_visible(user)
    if status in LICENCE.states:
        qs = qs.filter(status=status)
    page = page_of(request, qs, 30)
    context = {
        "page": page,
        "rows": _with_clocks(list(page.object_list), user),
        "states": LICENCE.states,
        "status": status,
        "may_receive": user.role in AUTHORITY,
    }
    return render(request, "licensing/application_list.html", context)


def _intake_context(request: HttpRequest, user: User, form: IntakeForm | None) -> dict[str, Any]:
    return {"choice": ItemChoiceForm(request.GET or None), "form": form}


@requires(Capability.EDIT_PERSONAL)
def application_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role not in AUTHORITY:
        raise PermissionDenied("只有县（区）、市级民政部门可以受理行政许可申请")
    code = request.GET.get("item", "")
    if code not in all_items():
        return render(
            request, "licensing/application_new.html", _intake_context(request, user, None)
        )
    declared = item(code)
    if declared.intake:  # the app that owns the item takes its applications itself
        return redirect(reverse(declared.intake))
    if request.method != "POST":
        form = IntakeForm(user=user, item=declared, initial={"received_on": timezone.localdate()})
        context = {**_intake_context(request, user, form), "item": declared}
        return render(request, "licensing/application_new.html", context)
    form = IntakeForm(request.POST, user=user, item=declared)
    if form.is_valid():
        data = form.cleaned_data
        intake = services.Intake(
            item_code=code,
            authority=Area.objects.get(code=data["authority"]),
            applicant_kind=data["applicant_kind"],
            applicant_name=data["applicant_name"],
            applicant_code=data["applicant_code"],
            contact_phone=data["contact_phone"],
            subject=data["subject"],
            materials=tuple(data["materials"]),
            received_on=data["received_on"],
            joint=data["joint"],
        )
        try:
            application = services.application_receive(actor=user, intake=intake)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已收件，申请编号{application.number}")
            url = reverse("licensing:application_detail", args=[application.pk])
            return redirect_after_post(request, url)
    context = {**_intake_context(request, user, form), "item": declared}
    return render(request, "licensing/application_new.html", context, status=422)


Act = Callable[[User, LicenceApplication, dict[str, Any]], object]


def _closing(action: str) -> Act:
    def act(user: User, application: LicenceApplication, data: dict[str, Any]) -> object:
        return services.application_close(
            actor=user, application=application, action=action, note=data["note"]
        )

    return act


ACTIONS: dict[str, Act] = {
    "accept": lambda u, a, d: services.application_accept(
        actor=u, application=a, materials=d["materials"], note=d["note"]
    ),
    "request_correction": lambda u, a, d: services.correction_request(
        actor=u, application=a, missing=d["missing"], note=d["note"]
    ),
    "pause": lambda u, a, d: services.clock_pause(
        actor=u,
        application=a,
        stage=d["stage"],
        notice_number=d["notice_number"],
        note=d["note"],
    ),
    "resume": lambda u, a, d: services.clock_resume(actor=u, application=a, note=d["note"]),
    "request_extension": lambda u, a, d: services.extension_request(
        actor=u, application=a, reason=d["note"]
    ),
    "approve_extension": lambda u, a, d: services.extension_approve(
        actor=u, application=a, note=d["note"]
    ),
    "grant": lambda u, a, d: services.decision_make(
        actor=u, application=a, outcome="granted", reason=d["note"]
    ),
    "refuse": lambda u, a, d: services.decision_make(
        actor=u, application=a, outcome="refused", reason=d["note"]
    ),
    "deliver": lambda u, a, d: services.licence_deliver(actor=u, application=a, note=d["note"]),
    **{action: _closing(action) for action in ("decline", "withdraw", "refuse_extension")},
}


def _form(application: LicenceApplication, action: str, data: Any = None) -> ActionForm:
    return ActionForm(
        data,
        action=action,
        item=item(application.item_code),
        received=list(application.materials_received),
    )


def _detail(
    request: HttpRequest,
    application: LicenceApplication,
    bound: ActionForm | None = None,
    bound_action: str = "",
) -> dict[str, Any]:
    user = _user(request)
    actions = [t for t in allowed_actions(application, user) if t.action in ACTIONS]
    ((_, clocks, promised_status, statutory_status, _),) = _with_clocks([application], user)
    notice = getattr(application, "correction_notice", None)
    declared = item(application.item_code)
    return {
        "a": application,
        "item": declared,
        "clocks": clocks,
        "promised_status": promised_status,
        "statutory_status": statutory_status,
        "pauses": list(application.clock_pauses.all()),
        "notice": notice,
        "missing_labels": [declared.material_label(c) for c in notice.missing] if notice else [],
        "actions": [
            (
                t,
                bound
                if bound is not None and t.action == bound_action
                else _form(application, t.action),
            )
            for t in actions
        ],
        "history": history(application),
        "workflow": LICENCE,
    }


@require_GET
@requires(Capability.VIEW_PERSONAL)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_reading(_user(request), pk)
    return render(request, "licensing/application_detail.html", _detail(request, application))


@require_POST
@requires(Capability.EDIT_PERSONAL)
def application_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = _user(request)
    application = application_for_reading(user, pk, log=False)
    if action not in ACTIONS:
        raise PermissionDenied("没有该办理事项")
    form = _form(application, action, request.POST)
    if form.is_valid():
        try:
            ACTIONS[action](user, application, form.cleaned_data)
        except ActionNotPermitted as refused:
            raise PermissionDenied(str(refused)) from None
        except (ValidationError, WorkflowError) as exc:
            attach_errors(form, refusal(exc))
        else:
            messages.success(request, f"已办理“{LICENCE.find(action).label}”")
            url = reverse("licensing:application_detail", args=[application.pk])
            return redirect_after_post(request, url)
    application = application_for_reading(user, pk, log=False)
    context = _detail(request, application, form, action)
    return render(request, "licensing/application_detail.html", context, status=422)


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def rates(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today.year
    by_item, by_month, total = on_time_rates(user.scope_prefix, year)
    context = {
        "year": year,
        "by_item": by_item,
        "by_month": by_month,
        "total": total,
        "years": range(today.year, today.year - 5, -1),
    }
    return render(request, "licensing/rates.html", context)
