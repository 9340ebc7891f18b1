"""Institutions of centralised support and who lives in them (集中供养, D13.1, D2.9):
the county's institutions with their accounts (masked), a new one, its page with the
people placed there, an edit of its account, a person moving in, a stay ended. Writes
go through `services.institutions` (audited), by the role that runs the payroll, for
institutions of its county. Thin: authorise, call one service, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.audit import audit_read
from minzheng.core.models import Area, Person, User
from minzheng.core.paging import page_of
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.payments import selectors
from minzheng.payments.errors import PaymentError
from minzheng.payments.forms import InstitutionForm, PlacementEndForm, PlacementForm
from minzheng.payments.models import Institution
from minzheng.payments.services.institutions import (
    institution_save,
    placement_end,
    placement_start,
)
from minzheng.payments.workflows import PAYROLL

# D0.3: a person unknown and a person outside the user's area get the same answer.
NOT_FOUND = "登记库中没有此人，或此人不在您的管辖区域内"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _may_record(user: User) -> bool:
    """The county approver, who runs the payroll that pays institutions (D13.3)."""
    return user.role in PAYROLL.find("compute").roles


def _recorder(request: HttpRequest) -> User:
    user = _user(request)
    if not _may_record(user):
        raise PermissionDenied("只有县级审批人可以登记供养机构和集中供养对象")
    return user


def _list(
    request: HttpRequest, form: InstitutionForm | None = None, status: int = 200
) -> HttpResponse:
    user = _user(request)
    if form is None and _may_record(user):
        form = InstitutionForm(user=user)
    page = page_of(request, selectors.institutions_visible(user), 30)
    return render(
        request, "payments/institutions.html", {"page": page, "form": form}, status=status
    )


@require_GET
@requires(Capability.VIEW_PERSONAL)
def institution_list(request: HttpRequest) -> HttpResponse:
    return _list(request)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def institution_new(request: HttpRequest) -> HttpResponse:
    user = _recorder(request)
    form = InstitutionForm(request.POST, user=user)
    if form.is_valid():
        data = form.cleaned_data
        if Institution.objects.filter(credit_code=data["credit_code"]).exists():
            form.add_error("credit_code", "该统一社会信用代码的机构已登记")
        else:
            try:
                inst = institution_save(
                    actor=user,
                    county=Area.objects.get(code=data["county"]),
                    name=data["name"],
                    credit_code=data["credit_code"],
                    bank=data["bank"],
                    account_number=data["account_number"],
                    holder_name=data["holder_name"],
                )
            except PaymentError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, f"已登记供养机构：{inst.name}")
                where = reverse("payments:institution_detail", args=[inst.pk])
                return redirect_after_post(request, where)
    return _list(request, form, 422)


def _detail(
    request: HttpRequest,
    inst: Institution,
    status: int = 200,
    failed_pk: int | None = None,
    **bound: forms.Form,
) -> HttpResponse:
    user = _user(request)
    can_record = _may_record(user)
    initial = {k: getattr(inst, k) for k in ("name", "bank", "holder_name")}
    context: dict[str, Any] = {
        "inst": inst,
        "placements": inst.placements.select_related("person").order_by("-starts_on", "-id"),
        "can_record": can_record,
        "edit_form": bound.get("edit")
        or InstitutionForm(user=user, editing=True, initial=initial),
        "placement_form": bound.get("placement") or PlacementForm(),
        "end_form": bound.get("end") or PlacementEndForm(),
        "failed": failed_pk,
    }
    return render(request, "payments/institution_detail.html", context, status=status)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    inst = selectors.institution_for(user, pk)
    audit_read(actor=user, obj=inst, summary=f"查看供养机构 {inst.name}")
    return _detail(request, inst)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def institution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _recorder(request)
    inst = selectors.institution_for(user, pk)
    form = InstitutionForm(request.POST, user=user, editing=True)
    if form.is_valid():
        data = form.cleaned_data
        try:
            institution_save(
                actor=user,
                county=inst.area,
                name=data["name"],
                credit_code=inst.credit_code,
                bank=data["bank"],
                account_number=data["account_number"],
                holder_name=data["holder_name"],
            )
        except PaymentError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"已保存供养机构：{data['name']}")
            where = reverse("payments:institution_detail", args=[inst.pk])
            return redirect_after_post(request, where)
    return _detail(request, inst, 422, edit=form)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def placement_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _recorder(request)
    inst = selectors.institution_for(user, pk)
    form = PlacementForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        person = (
            Person.objects.visible_to(user, Capability.EDIT_PERSONAL)
            .filter(id_number=data["id_number"])
            .first()
        )
        if person is None:
            form.add_error("id_number", NOT_FOUND)
        else:
            try:
                placement_start(
                    actor=user, person=person, institution=inst, starts_on=data["month"]
                )
            except PaymentError as refused:
                form.add_error("month", str(refused).removeprefix("入住月份："))
            else:
                messages.success(request, f"已登记集中供养：{person.name}入住{inst.name}")
                where = reverse("payments:institution_detail", args=[inst.pk])
                return redirect_after_post(request, where)
    return _detail(request, inst, 422, placement=form)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def placement_leave(request: HttpRequest, pk: int) -> HttpResponse:
    user = _recorder(request)
    placement = selectors.placement_for(user, pk)
    inst = placement.institution
    form = PlacementEndForm(request.POST)
    if form.is_valid():
        if placement.ends_on is not None:
            form.add_error("month", "该对象已登记离开")
        else:
            try:
                placement_end(actor=user, placement=placement, ends_on=form.cleaned_data["month"])
            except PaymentError as refused:
                form.add_error("month", str(refused).removeprefix("离开月份："))
            else:
                messages.success(request, f"已登记离开：{placement.person.name}")
                where = reverse("payments:institution_detail", args=[inst.pk])
                return redirect_after_post(request, where)
    return _detail(request, inst, 422, end=form, failed_pk=placement.pk)
