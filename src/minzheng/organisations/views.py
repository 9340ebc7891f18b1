"""The register's pages: list, registration, detail with history, changes, status
decisions, responsible persons, penalties, Excel import and export. Thin: authorise,
call one service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.audit import audit_page, audit_record
from minzheng.core.forms import attach_errors, refusal
from minzheng.core.models import AuditAction, User
from minzheng.core.paging import page_of
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.spreadsheets.reader import RowError
from minzheng.core.spreadsheets.writer import xlsx_response
from minzheng.core.views import requires
from minzheng.core.workflow import WorkflowError
from minzheng.core.workflow.engine import allowed_actions, history
from minzheng.organisations import selectors
from minzheng.organisations.forms import (
    ChangeForm,
    DecisionForm,
    OrganisationForm,
    OrganisationImportForm,
    PenaltyForm,
    ResponsibleForm,
)
from minzheng.organisations.models import Organisation, OrgType
from minzheng.organisations.services.common import is_registrar
from minzheng.organisations.services.credit import penalty_record
from minzheng.organisations.services.registry import (
    organisation_change,
    organisation_decide,
    organisation_register,
    responsible_person_add,
)
from minzheng.organisations.spreadsheet import COLUMNS, organisations_import, organisations_xlsx
from minzheng.organisations.workflows import ORGANISATION

Act = Callable[[dict[str, Any]], tuple[str, str]]  # cleaned data → (message, next url)


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def registrar_of(request: HttpRequest) -> User:
    """Registration is the registration authorities' work: a 403 for everyone else."""
    user = user_of(request)
    if not is_registrar(user):
        raise PermissionDenied(
            "只有担任社会组织登记管理员岗位的县（区）、市民政部门工作人员可以办理"
        )
    return user


def form_page(
    request: HttpRequest, form: forms.Form, title: str, act: Act, submit: str = "保存"
) -> HttpResponse:
    """GET: the form; POST: the service, then the next page with a message, or the form
    again with the Chinese message next to the field (422; only the form for htmx)."""
    if request.method == "POST" and form.is_valid():
        try:
            message, url = act(form.cleaned_data)
        except (ValidationError, WorkflowError) as exc:
            attach_errors(form, refusal(exc))
        else:
            messages.success(request, message)
            return redirect_after_post(request, url)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "action": request.path, "submit": submit, "title": title}
    if status == 422 and getattr(request, "htmx", False):
        return render(request, "core/_form.html", context, status=status)
    return render(request, "core/form_page.html", context, status=status)


def _detail_url(org: Organisation) -> str:
    return reverse("organisations:detail", args=[org.pk])


@require_GET
@requires(Capability.VIEW_PERSONAL)
def organisation_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    q = request.GET.get("q", "").strip()[:50]
    org_type = request.GET.get("type", "")
    qs = selectors.organisations_visible(user)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(credit_code=q.upper()))
    if org_type in OrgType.values:
        qs = qs.filter(org_type=org_type)
    page = page_of(request, qs.order_by("name", "id"), 30)
    criteria = {"名称或代码": q, "组织类型": dict(OrgType.choices).get(org_type, "")}
    audit_page(actor=user, object_type="organisations.organisation", criteria=criteria, page=page)
    context = {
        "page": page,
        "q": q,
        "type": org_type,
        "types": OrgType.choices,
        "can_register": is_registrar(user),
    }
    return render(request, "organisations/list.html", context)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def organisation_new(request: HttpRequest) -> HttpResponse:
    user = registrar_of(request)
    form = OrganisationForm(request.POST or None)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        decision = data.pop("decision")
        org = organisation_register(actor=user, raw=data, decision=decision)
        return f"已登记社会组织“{org.name}”", _detail_url(org)

    return form_page(request, form, "社会组织成立登记", act, "登记")


@require_GET
@requires(Capability.VIEW_PERSONAL)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    org = selectors.organisation_for(user, pk)
    audit_record(actor=user, action=AuditAction.READ, obj=org, summary=f"查看社会组织：{org.name}")
    registrar = is_registrar(user) and user.reaches(org.area_id)
    context = {
        "org": org,
        "events": org.events.select_related("recorded_by"),
        "people": org.responsible_persons.all(),
        "reports": org.annual_reports.all(),
        "listings": org.listings.all(),
        "log": history(org),
        "actions": allowed_actions(org, user) if registrar else [],
        "registrar": registrar and org.status in {"registered", "suspended"},
        "can_adopt": user.can(Capability.EDIT_PERSONAL) and org.status == "registered",
    }
    return render(request, "organisations/detail.html", context)


def _operating_org(request: HttpRequest, pk: int) -> tuple[User, Organisation]:
    user = registrar_of(request)
    return user, selectors.organisation_for(user, pk)


def _initial(org: Organisation) -> dict[str, Any]:
    return {key: getattr(org, "area_id" if key == "area" else key, "") for key, _ in COLUMNS}


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def organisation_change_view(request: HttpRequest, pk: int) -> HttpResponse:
    user, org = _operating_org(request, pk)
    form = ChangeForm(request.POST or None, initial={**_initial(org), "decision": ""})

    def act(data: dict[str, Any]) -> tuple[str, str]:
        decision, on = data.pop("decision"), data.pop("on")
        organisation_change(actor=user, organisation=org, raw=data, decision=decision, on=on)
        return f"已办理“{org.name}”的变更登记", _detail_url(org)

    return form_page(request, form, f"变更登记 · {org.name}", act, "办理变更登记")


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def organisation_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user, org = _operating_org(request, pk)
    if action not in {t.action for t in ORGANISATION.transitions}:
        raise Http404("没有该办理事项")
    label = ORGANISATION.find(action).label
    form = DecisionForm(request.POST or None, initial={"on": timezone.localdate()})

    def act(data: dict[str, Any]) -> tuple[str, str]:
        organisation_decide(actor=user, organisation=org, action=action, **data)
        return f"已办理“{label}”", _detail_url(org)

    return form_page(request, form, f"{label} · {org.name}", act, label)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def responsible_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, org = _operating_org(request, pk)
    form = ResponsibleForm(request.POST or None)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        person = responsible_person_add(actor=user, organisation=org, **data)
        return f"已登记{person.get_post_display()}", _detail_url(org)

    return form_page(request, form, f"登记负责人 · {org.name}", act)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def penalty_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, org = _operating_org(request, pk)
    form = PenaltyForm(request.POST or None)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        listing = penalty_record(actor=user, organisation=org, **data)
        return f"已登记行政处罚，列入{listing.get_list_kind_display()}", _detail_url(org)

    return form_page(request, form, f"登记行政处罚 · {org.name}", act)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def organisation_import_view(request: HttpRequest) -> HttpResponse:
    user = registrar_of(request)
    form = OrganisationImportForm(request.POST or None, request.FILES or None)
    errors: list[RowError] = []
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            content = form.cleaned_data["file"].read()
            count, errors = organisations_import(
                actor=user, content=content, today=timezone.localdate()
            )
            if not errors:
                messages.success(request, f"导入完成：登记社会组织{count}个")
                return redirect_after_post(request, reverse("organisations:list"))
    context = {"form": form, "errors": errors, "columns": [h for _, h in COLUMNS]}
    return render(request, "organisations/import.html", context, status=status)


@require_GET
@requires(Capability.EXPORT_PERSONAL)
def organisation_export(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    orgs = selectors.organisations_visible(user).prefetch_related("events").order_by("name")
    content, count = organisations_xlsx(orgs)
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="organisations.organisation",
        area_code=user.area_id or "",
        summary=f"导出社会组织登记表：{count}个",
    )
    return xlsx_response(content, "社会组织登记表.xlsx")
