"""Registration applications (D10.6, D15): the list of establishment, change and
deregistration applications with their licence application's state and clocks, and
the intake forms. The decision is taken on the licence application's page (the
licensing engine); its grant writes the register (services/applications.py)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.audit import audit_page
from minzheng.core.models import Area, AreaLevel, User
from minzheng.core.paging import page_of
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.licensing.deadlines import clocks_of
from minzheng.licensing.items import item
from minzheng.organisations import selectors
from minzheng.organisations.forms import registration_form
from minzheng.organisations.models import (
    ITEM_OF_KIND,
    Organisation,
    RegistrationApplication,
    RegistrationKind,
)
from minzheng.organisations.services.applications import (
    PROPOSED_FIELDS,
    RegistrationIntake,
    registration_apply,
)
from minzheng.organisations.services.common import is_registrar
from minzheng.organisations.views import _initial, form_page, registrar_of, user_of


def _authorities(user: User) -> list[tuple[str, str]]:
    areas = Area.objects.filter(
        level__in=[AreaLevel.COUNTY, AreaLevel.CITY], code__startswith=user.scope_prefix
    ).order_by("code")
    return [(a.code, f"{a.name}民政局") for a in areas]


@require_GET
@requires(Capability.VIEW_PERSONAL)
def application_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    qs = (
        RegistrationApplication.objects.visible_to(user)
        .select_related("licence", "licence__area", "organisation")
        .prefetch_related("licence__clock_pauses")
        .order_by("-licence__received_on", "-id")
    )
    page = page_of(request, qs, 30)
    audit_page(
        actor=user, object_type="organisations.registrationapplication", criteria={}, page=page
    )
    today = timezone.localdate()
    rows = [(r, clocks_of(r.licence, today)) for r in page.object_list]
    context = {"page": page, "rows": rows, "can_apply": is_registrar(user)}
    return render(request, "organisations/applications.html", context)


def _intake_page(
    request: HttpRequest, user: User, kind: RegistrationKind, org: Organisation | None
) -> HttpResponse:
    declared = item(ITEM_OF_KIND[kind])
    form_class = registration_form(kind.value, _authorities(user), list(declared.materials))
    initial: dict[str, Any] = {"received_on": timezone.localdate()}
    if org is not None:
        initial |= _initial(org)
        initial["authority"] = org.area_id[:6]
    form = form_class(request.POST or None, initial=initial)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        intake = RegistrationIntake(
            kind=kind.value,
            authority=data["authority"],
            contact_phone=data["contact_phone"],
            materials=tuple(data["materials"]),
            received_on=data["received_on"],
            proposed={k: data.get(k, "") for k in PROPOSED_FIELDS},
            organisation=org,
            sponsor_approved_on=data.get("sponsor_approved_on"),
            reason=data.get("reason", ""),
        )
        done = registration_apply(actor=user, intake=intake)
        url = reverse("licensing:application_detail", args=[done.licence_id])
        return f"已收件：{kind.label}申请{done.licence.number}", url

    title = f"{declared.name}申请收件" + (f" · {org.name}" if org else "")
    return form_page(request, form, title, act, "收件")


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def establishment_new(request: HttpRequest) -> HttpResponse:
    return _intake_page(request, registrar_of(request), RegistrationKind.ESTABLISHMENT, None)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def organisation_application_new(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    user = registrar_of(request)
    if kind not in {RegistrationKind.CHANGE, RegistrationKind.DEREGISTRATION}:
        raise Http404("没有该登记事项")
    org = selectors.organisation_for(user, pk)
    return _intake_page(request, user, RegistrationKind(kind), org)
