"""Web pages (Django templates + htmx). Thin: authorise, call a selector or service, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core import selectors
from minzheng.core.audit import audit_page, audit_record
from minzheng.core.calendar_admin import OverrideForm, YearForm, calendar_save
from minzheng.core.extensions import (
    household_actions,
    household_sections,
    person_sections,
)
from minzheng.core.forms import LeaveForm, MemberForm
from minzheng.core.models import AuditAction, Person, User
from minzheng.core.paging import SEARCH_COUNT_CAP, page_of
from minzheng.core.roles import Capability
from minzheng.core.selectors import HOUSEHOLD_MEMBER_LIMIT
from minzheng.core.spreadsheets.export import persons_export
from minzheng.core.spreadsheets.writer import xlsx_response

View = Callable[..., HttpResponse]


def requires(capability: Capability) -> Callable[[View], View]:
    """Log-in plus a role capability; a missing capability is a 403, never a silent empty page."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not isinstance(user, User) or not user.can(capability):
                raise PermissionDenied("您的角色无权访问此页面")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"now": timezone.localtime()})


@require_GET
@requires(Capability.VIEW_PERSONAL)
def person_search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    # In the search's order (names by name, docs/search.md).
    persons = selectors.persons_visible(_user(request), q) if q else Person.objects.none()
    page = page_of(request, persons, 20, cap=SEARCH_COUNT_CAP)
    if q:
        audit_page(
            actor=_user(request), object_type="core.person", criteria={"关键词": q}, page=page
        )
    template = "core/_person_results.html" if request.htmx else "core/person_search.html"  # type: ignore[attr-defined]
    can_edit = _user(request).can(Capability.EDIT_PERSONAL)
    context = {"q": q, "page": page, "can_edit": can_edit, "member_limit": HOUSEHOLD_MEMBER_LIMIT}
    return render(request, template, context)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_reading(_user(request), pk)
    if person.merged_into_id is not None:  # merged away (identity): the kept record
        messages.info(request, "该档案已并入另一份档案，现显示保留的档案")
        return redirect("core:person_detail", person.merged_into_id)
    membership = person.current_membership()
    can_edit = _user(request).can(Capability.EDIT_PERSONAL)
    sections = person_sections(_user(request), person)
    context = {
        "person": person,
        "membership": membership,
        "can_edit": can_edit,
        "sections": sections,
    }
    return render(request, "core/person_detail.html", context)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def person_id_number(request: HttpRequest, pk: int) -> HttpResponse:
    """The full ID number on explicit request only; each disclosure is audited."""
    user = _user(request)
    person = selectors.person_for_reading(user, pk, log=False)
    audit_record(
        actor=user, action=AuditAction.READ, obj=person, summary=f"查看完整身份证号 {person.name}"
    )
    return HttpResponse(person.id_number)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def person_phone(request: HttpRequest, pk: int) -> HttpResponse:
    """The full phone number on explicit request only, audited like the ID number."""
    user = _user(request)
    person = selectors.person_for_reading(user, pk, log=False)
    audit_record(
        actor=user, action=AuditAction.READ, obj=person, summary=f"查看完整电话 {person.name}"
    )
    return HttpResponse(person.phone)


@require_GET
@requires(Capability.EXPORT_PERSONAL)
def person_export(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    return xlsx_response(persons_export(actor=_user(request), query=q), "persons.xlsx")


@require_GET
@requires(Capability.VIEW_PERSONAL)
def household_search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    found = selectors.household_search(_user(request), q)
    households = found.rows.order_by("id")
    page = page_of(request, households, 20, cap=SEARCH_COUNT_CAP, cut=found.members_cut)
    audit_page(
        actor=_user(request), object_type="core.household", criteria={"关键词": q}, page=page
    )
    template = "core/_household_results.html" if request.htmx else "core/household_search.html"  # type: ignore[attr-defined]
    can_edit = _user(request).can(Capability.EDIT_PERSONAL)
    return render(request, template, {"q": q, "page": page, "can_edit": can_edit})


@require_GET
@requires(Capability.VIEW_PERSONAL)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    household = selectors.household_for_reading(user, pk)
    members = list(selectors.memberships_of(household))
    return render(
        request,
        "core/household_detail.html",
        {
            "household": household,
            "can_edit": user.can(Capability.EDIT_PERSONAL),
            "actions": household_actions(user, household),
            "sections": household_sections(user, household),
            "member_form": MemberForm(),
            "leave_form": LeaveForm(),
            "current": [m for m in members if m.valid_to is None],
            "past": [m for m in members if m.valid_to is not None],
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_CALENDAR)
def calendar(request: HttpRequest) -> HttpResponse:
    override_form = OverrideForm(request.POST if "override" in request.POST else None)
    year_form = YearForm(request.POST if "declare" in request.POST else None)
    if request.method == "POST" and calendar_save(_user(request), override_form, year_form):
        messages.success(request, "工作日安排已保存")
        return redirect("core:calendar")
    refused = request.method == "POST"  # the submitted form comes back with its errors
    return render(
        request,
        "core/calendar.html",
        {
            "override_form": override_form,
            "year_form": year_form,
            **selectors.calendar_overview(),
        },
        status=422 if refused else 200,
    )
