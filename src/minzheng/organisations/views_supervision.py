"""Supervision pages: fees of trade associations (D10.5) and party-branch
standardisation (D10.3). Thin: authorise, call one service or selector, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.audit import audit_page
from minzheng.core.paging import page_of
from minzheng.core.roles import Capability
from minzheng.core.settings_registry import setting
from minzheng.core.views import requires
from minzheng.organisations import selectors
from minzheng.organisations.forms import (
    BranchForm,
    ConfirmForm,
    FeeActForm,
    FeeItemForm,
    FeeReductionForm,
    SupervisionFactsForm,
    assessment_form,
)
from minzheng.organisations.models import BranchAssessment, FeeItem, FeeReduction, PartyBranch
from minzheng.organisations.services.common import is_registrar
from minzheng.organisations.services.fees import (
    FeeData,
    fee_item_act,
    fee_item_create,
    fee_reduction_create,
    reduction_totals,
)
from minzheng.organisations.services.party import (
    ASPECTS_KEY,
    aspects,
    branch_assess,
    branch_create,
    list_without_branch,
    supervision_facts_set,
    without_branch,
)
from minzheng.organisations.views import form_page, registrar_of, user_of
from minzheng.organisations.workflows import FEE_ITEM


def _detail(pk: int) -> str:
    return reverse("organisations:detail", args=[pk])


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")
    today = timezone.localdate()
    return int(text) if text.isdigit() and 2000 <= int(text) <= today.year else today.year


@require_GET
@requires(Capability.VIEW_PERSONAL)
def fee_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    year = _year(request)
    items = FeeItem.objects.visible_to(user).select_related("organisation")
    page = page_of(request, items.order_by("status", "organisation__name", "id"), 30)
    audit_page(actor=user, object_type="organisations.feeitem", criteria={}, page=page)
    reductions = FeeReduction.objects.visible_to(user)
    counties, total = reduction_totals(reductions, dt.date(year, 1, 1), dt.date(year, 12, 31))
    recent = reductions.select_related("organisation").filter(on__year=year)[:20]
    context = {
        "page": page,
        "year": year,
        "counties": counties,
        "total": total,
        "recent": recent,
        "registrar": is_registrar(user),
    }
    return render(request, "organisations/fees.html", context)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def fee_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = registrar_of(request)
    org = selectors.organisation_for(user, pk)
    form = FeeItemForm(request.POST or None)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        fee = fee_item_create(actor=user, organisation=org, data=FeeData(**data))
        return f"已登记收费项目“{fee.name}”", reverse("organisations:fees")

    return form_page(request, form, f"登记涉企收费 · {org.name}", act)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def fee_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = registrar_of(request)
    fee = FeeItem.objects.visible_to(user).select_related("organisation").filter(pk=pk).first()
    if fee is None:
        raise Http404("未找到该收费项目")
    if action not in {t.action for t in FEE_ITEM.transitions}:
        raise Http404("没有该办理事项")
    label = FEE_ITEM.find(action).label
    form = FeeActForm(request.POST or None)
    if action not in {"approve", "order_rectification"}:
        form.fields.pop("findings")

    def act(data: dict[str, Any]) -> tuple[str, str]:
        fee_item_act(actor=user, fee=fee, action=action, **data)
        return f"已办理“{label}”", reverse("organisations:fees")

    return form_page(request, form, f"{label} · {fee.organisation.name} {fee.name}", act, label)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def reduction_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = registrar_of(request)
    org = selectors.organisation_for(user, pk)
    form = FeeReductionForm(request.POST or None)
    choice = form.fields["fee_item"]
    choice.choices = [("", "—"), *((f.pk, f.name) for f in org.fee_items.all())]  # type: ignore[attr-defined]

    def act(data: dict[str, Any]) -> tuple[str, str]:
        item_pk = data.pop("fee_item")
        fee = org.fee_items.filter(pk=item_pk).first() if item_pk else None
        done = fee_reduction_create(actor=user, organisation=org, fee_item=fee, **data)
        return f"已登记降费减负{done.amount}元", reverse("organisations:fees")

    return form_page(request, form, f"登记降费减负 · {org.name}", act)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def facts_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = registrar_of(request)
    org = selectors.organisation_for(user, pk)
    initial = {"party_members": org.party_members, "trade_association": org.trade_association}
    form = SupervisionFactsForm(request.POST or None, initial=initial)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        supervision_facts_set(actor=user, organisation=org, **data)
        return "已保存党建和行业协会商会信息", _detail(org.pk)

    return form_page(request, form, f"党建和行业协会商会信息 · {org.name}", act)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def party_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    today = timezone.localdate()
    branches = PartyBranch.objects.visible_to(user).select_related("organisation")
    page = page_of(request, branches.order_by("organisation__name", "id"), 30)
    audit_page(actor=user, object_type="organisations.partybranch", criteria={}, page=page)
    latest = {
        a.branch_id: a
        for a in BranchAssessment.objects.filter(branch__in=list(page.object_list)).order_by(
            "year"
        )
    }
    missing = without_branch(selectors.organisations_visible(user), today)[:100]
    context = {
        "page": page,
        "rows": [(b, latest.get(b.pk)) for b in page.object_list],
        "missing": missing,
        "registrar": is_registrar(user),
        "labels": dict(setting(ASPECTS_KEY).choices),
    }
    return render(request, "organisations/party.html", context)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def branch_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = registrar_of(request)
    org = selectors.organisation_for(user, pk)
    form = BranchForm(request.POST or None)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        branch = branch_create(actor=user, organisation=org, **data)
        return f"已登记党组织“{branch.name}”", reverse("organisations:party")

    return form_page(request, form, f"登记党组织 · {org.name}", act)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def branch_assess_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = registrar_of(request)
    branch = (
        PartyBranch.objects.visible_to(user).select_related("organisation").filter(pk=pk).first()
    )
    if branch is None:
        raise Http404("未找到该党组织")
    sheet = aspects(timezone.localdate())
    form = assessment_form(sheet)(request.POST or None)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        scores = {code: data[f"score_{code}"] for code in sheet}
        evidence = {code: data[f"evidence_{code}"] for code in sheet}
        done = branch_assess(
            actor=user, branch=branch, year=data["year"], scores=scores, evidence=evidence
        )
        return f"已评定：{done.total}分，{done.result}", reverse("organisations:party")

    return form_page(request, form, f"规范化建设评定 · {branch.name}", act, "评定")


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def party_listing_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = registrar_of(request)
    org = selectors.organisation_for(user, pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        list_without_branch(actor=user, organisation=org)
        return "已列入活动异常名录（未按规定设立党组织）", _detail(org.pk)

    title = f"党员{org.party_members}人未建立党组织，列入活动异常名录 · {org.name}"
    return form_page(request, form, title, act, "列入活动异常名录")
