"""Facility register pages: list, new, detail with history and status actions, change,
Excel import and export. Thin: authorise, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.audit import audit_record
from minzheng.core.forms import attach_errors, refusal
from minzheng.core.models import AuditAction, User
from minzheng.core.paging import page_of
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.spreadsheets.reader import RowError
from minzheng.core.spreadsheets.writer import xlsx_response
from minzheng.core.views import requires
from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.core.workflow.engine import allowed_actions, allowed_records, history
from minzheng.elderly import selectors
from minzheng.elderly.forms import (
    FacilityActionForm,
    FacilityChangeForm,
    FacilityForm,
    FacilityImportForm,
)
from minzheng.elderly.models import Facility, FacilityKind
from minzheng.elderly.services.facilities import (
    facility_change,
    facility_decide,
    facility_register,
)
from minzheng.elderly.spreadsheet import COLUMNS, facilities_import, facilities_xlsx


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def facility_of(request: HttpRequest, pk: int) -> Facility:
    facility = selectors.facilities_visible(user_of(request)).filter(pk=pk).first()
    if facility is None:
        raise Http404("没有找到该设施")
    return facility


@require_GET
@requires(Capability.VIEW_PERSONAL)
def facility_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    rows = selectors.facilities_visible(user)
    kind = request.GET.get("kind", "")
    if kind in FacilityKind.values:
        rows = rows.filter(kind=kind)
    status = request.GET.get("status", "")
    if status in {"open", "suspended", "closed"}:
        rows = rows.filter(status=status)
    context = {
        "page": page_of(request, rows, 50),
        "kinds": FacilityKind.choices,
        "kind": kind,
        "status": status,
        "can_edit": user.can(Capability.EDIT_PERSONAL),
        "can_export": user.can(Capability.EXPORT_PERSONAL),
    }
    return render(request, "elderly/facility_list.html", context)


def _raw(form: FacilityForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("on", None)
    return data


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def facility_new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = FacilityForm(request.POST or None, initial={"area": user.area_id})
    if request.method == "POST" and form.is_valid():
        try:
            facility = facility_register(actor=user, raw=_raw(form))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已登记养老服务设施“{facility.name}”")
            return redirect_after_post(
                request, reverse("elderly:facility_detail", args=[facility.pk])
            )
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "elderly/facility_form.html",
        {"form": form, "title": "登记养老服务设施"},
        status=status,
    )


def _detail(
    request: HttpRequest, facility: Facility, action_form: FacilityActionForm | None
) -> dict[str, Any]:
    user = user_of(request)
    actions = allowed_actions(facility, user)
    if action_form is None and actions:
        action_form = FacilityActionForm(initial={"on": timezone.localdate()})
        action_form.fields["action"].choices = [  # type: ignore[attr-defined]
            (t.action, t.label) for t in actions
        ]
    return {
        "facility": facility,
        "events": list(facility.events.select_related("recorded_by")),
        "history": history(facility),
        "satellites": list(facility.satellites.all()),
        "action_form": action_form,
        "can_change": bool(allowed_records(facility, user)),
    }


@require_GET
@requires(Capability.VIEW_PERSONAL)
def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    facility = facility_of(request, pk)
    return render(request, "elderly/facility_detail.html", _detail(request, facility, None))


@require_POST
@requires(Capability.EDIT_PERSONAL)
def facility_action(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    facility = facility_of(request, pk)
    form = FacilityActionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            facility_decide(
                actor=user, facility=facility, action=d["action"], note=d["note"], on=d["on"]
            )
        except ActionNotPermitted as refused:  # the role may not: 403, no form
            raise PermissionDenied(str(refused)) from refused
        except (ValidationError, WorkflowError) as exc:
            attach_errors(form, refusal(exc))
        else:
            label = dict(FacilityActionForm.base_fields["action"].choices)[d["action"]]  # type: ignore[attr-defined]
            messages.success(request, f"已办理“{label}”")
            return redirect_after_post(request, reverse("elderly:facility_detail", args=[pk]))
    return render(
        request, "elderly/facility_detail.html", _detail(request, facility, form), status=422
    )


def _initial(facility: Facility) -> dict[str, Any]:
    return {
        "name": facility.name,
        "kind": facility.kind,
        "operator": facility.operator.name,
        "operator_type": facility.operator.operator_type,
        "parent": facility.parent.name if facility.parent else "",
        "area": facility.area_id,
        "address": facility.address,
        "longitude": facility.longitude,
        "latitude": facility.latitude,
        "hours": facility.hours,
        "services": facility.services,
        "capacity": facility.capacity,
        "opened_on": facility.opened_on,
        "on": timezone.localdate(),
    }


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def facility_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    facility = facility_of(request, pk)
    form = FacilityChangeForm(request.POST or None, initial=_initial(facility))
    if request.method == "POST" and form.is_valid():
        try:
            facility_change(
                actor=user, facility=facility, raw=_raw(form), on=form.cleaned_data["on"]
            )
        except ActionNotPermitted as refused:  # the role may not: 403, no form
            raise PermissionDenied(str(refused)) from refused
        except (ValidationError, WorkflowError) as exc:
            attach_errors(form, refusal(exc))
        else:
            messages.success(request, f"已变更设施信息：{facility.name}")
            return redirect_after_post(request, reverse("elderly:facility_detail", args=[pk]))
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "title": f"变更设施信息：{facility.name}", "facility": facility}
    return render(request, "elderly/facility_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def facility_import(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = FacilityImportForm(request.POST or None, request.FILES or None)
    errors: list[RowError] = []
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            content = form.cleaned_data["file"].read()
            count, errors = facilities_import(
                actor=user, content=content, today=timezone.localdate()
            )
            if not errors:
                messages.success(request, f"导入完成：登记养老服务设施{count}个")
                return redirect_after_post(request, reverse("elderly:facility_list"))
    context = {"form": form, "errors": errors, "columns": [h for _, h in COLUMNS]}
    return render(request, "elderly/facility_import.html", context, status=status)


@require_GET
@requires(Capability.EXPORT_PERSONAL)
def facility_export(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    rows = selectors.facilities_visible(user).order_by("area_id", "name")
    content, count = facilities_xlsx(rows)
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="elderly.facility",
        area_code=user.area_id or "",
        summary=f"导出养老服务设施表：{count}个",
    )
    return xlsx_response(content, "养老服务设施表.xlsx")
