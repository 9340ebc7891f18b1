"""The case page: its facts, the calculator's proposal, the materials checklist, the
history with every note, the next step, and the forms of what the user can do now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.assistance import case_page, selectors
from minzheng.assistance.case_actions import (
    ACTIONS,
    action_form,
    application_act,
    available_actions,
)
from minzheng.assistance.forms import MaterialUploadForm
from minzheng.assistance.models import Application, CaseMaterial
from minzheng.assistance.proposal import Proposal
from minzheng.assistance.services import materials as mat
from minzheng.core.forms import attach_errors, refusal
from minzheng.core.models import User
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.core.views_photos import VisitPhotoForm, private_file
from minzheng.core.visit_photos import max_upload_bytes
from minzheng.core.workflow import WorkflowError
from minzheng.core.workflow.engine import history


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _review_initial(proposal: Proposal | None) -> dict[str, Any]:
    """The reviewer starts from the calculator's amount and people (D1.14)."""
    if proposal is None or proposal.amount is None:
        return {}
    return {
        "proposed_amount": proposal.amount if proposal.eligible else None,
        "proposed_members": proposal.covered_members or None,
    }


def _forms(
    user: User, app: Application, today: dt.date, proposal: Proposal | None, bound: dict
) -> list[tuple[Any, forms.Form]]:
    found = []
    for action in available_actions(app, user):
        initial = _review_initial(proposal) if action.name == "review" else None
        form = bound.get(action.name) or action_form(
            app, action.name, today=today, initial=initial
        )
        found.append((action, form))
    return found


def case_context(user: User, app: Application, bound: dict | None = None) -> dict[str, Any]:
    """The case page's context (also for the visit photos' refusals, views_visits)."""
    today = timezone.localdate()
    proposal = case_page.proposal_or_none(app, today)
    can_edit = user.can(Capability.EDIT_PERSONAL)
    return {
        "app": app,
        "forms": _forms(user, app, today, proposal, bound or {}),
        "history": history(app),
        "workflow": case_page.workflow_of(app),
        "members": case_page.current_members(app, today),
        "means_tests": app.means_tests.select_related("recorded_by").order_by("received_on"),
        "proposal": proposal,
        "materials": app.materials.select_related("received_by"),
        "can_edit_materials": can_edit,
        "upload_form": MaterialUploadForm() if can_edit else None,
        "next_steps": case_page.next_steps(app),
        "deadline": case_page.nearest_deadline(app, today),
        "visits": app.home_visits.prefetch_related("investigators__user", "photos"),
        "photo_form": VisitPhotoForm() if can_edit else None,
        "notices": app.notices.prefetch_related("objections"),
        "today": today,
    }


@require_GET
@requires(Capability.VIEW_PERSONAL)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    app = selectors.application_for_reading(user, pk)
    return render(request, "assistance/detail.html", case_context(user, app))


@require_POST
@requires(Capability.EDIT_PERSONAL)
def application_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    user = _user(request)
    app = selectors.application_for_reading(user, pk, log=False)
    if name not in ACTIONS:
        raise PermissionDenied("未知的办理动作")
    today = timezone.localdate()
    try:
        application_act(actor=user, application=app, name=name, data=request.POST, today=today)
    except (ValidationError, WorkflowError) as exc:
        form = action_form(app, name, request.POST, today=today)
        if form.is_valid():  # the input was fine: the rules or the workflow refused it
            attach_errors(form, refusal(exc))
        return render(
            request, "assistance/detail.html", case_context(user, app, {name: form}), status=422
        )
    messages.success(request, f"已办理“{ACTIONS[name].label}”")
    return redirect("assistance:detail", pk=pk)


def _material(user: User, pk: int, material_pk: int) -> CaseMaterial:
    app = selectors.application_for_reading(user, pk, log=False)
    found = app.materials.filter(pk=material_pk).select_related("application__area").first()
    if found is None:
        raise Http404("未找到该材料")
    return found


def _material_error(
    request: HttpRequest, pk: int, material: CaseMaterial, exc: ValidationError
) -> HttpResponse:
    """The case page again, the refusal shown in the material's own row, next to the
    file field when it is about the file."""
    app = selectors.application_for_reading(_user(request), pk, log=False)
    field = "file" if "file" in exc.message_dict else "material"
    return refused_in_row(request, app, "material_error", material.pk, field, exc)


def refused_in_row(
    request: HttpRequest, app: Application, key: str, row: int, field: str, exc: ValidationError
) -> HttpResponse:
    """The case page again (422), a refusal shown in one row of it (a material, a home
    visit) next to `field`."""
    context = case_context(_user(request), app)
    messages_ = [m for msgs in exc.message_dict.values() for m in msgs]
    context[key] = {"pk": row, "field": field, "messages": messages_}
    return render(request, "assistance/detail.html", context, status=422)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def material_receive(request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
    user = _user(request)
    material = _material(user, pk, material_pk)
    try:
        mat.material_receive(actor=user, material=material)
    except ValidationError as exc:
        return _material_error(request, pk, material, exc)
    messages.success(request, f"已登记收到：{material.title}")
    return redirect("assistance:detail", pk=pk)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def material_attach(request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
    user = _user(request)
    material = _material(user, pk, material_pk)
    form = MaterialUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _material_error(request, pk, material, ValidationError(form.errors))
    upload = form.cleaned_data["file"]
    if upload.size > max_upload_bytes():  # refuse before reading it into memory
        return _material_error(request, pk, material, ValidationError({"file": "文件过大"}))
    try:
        mat.material_attach(
            actor=user, material=material, file_name=upload.name, content=upload.read()
        )
    except ValidationError as exc:
        return _material_error(request, pk, material, exc)
    messages.success(request, f"已上传扫描件：{material.title}")
    return redirect("assistance:detail", pk=pk)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def material_file(request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
    """The scan, only to users whose area reaches the case, never cached."""
    user = _user(request)
    material = _material(user, pk, material_pk)
    try:
        content = mat.material_content(actor=user, material=material)
    except (ValidationError, FileNotFoundError) as exc:
        raise Http404("该材料没有扫描件") from exc
    return private_file(content, material.content_type, f"material-{material.pk}")
