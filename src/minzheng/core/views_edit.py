"""Pages that change people and households: forms posted with htmx, errors shown
on their fields, success redirects to the record."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST

from minzheng.core import idnumber, selectors, services
from minzheng.core.forms import HouseholdForm, LeaveForm, MemberForm, PersonForm, attach_errors
from minzheng.core.models import HouseholdMembership, Person, User
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _form_response(request: HttpRequest, form: forms.Form, title: str) -> HttpResponse:
    """The whole page on GET; only the form (with its errors) for an htmx post."""
    if request.method == "POST" and getattr(request, "htmx", False):
        return render(
            request, "core/_form.html", {"form": form, "action": request.path}, status=422
        )
    status = 422 if request.method == "POST" else 200
    return render(request, "core/form_page.html", {"form": form, "title": title}, status=status)


def _person_by_number(user: User, raw: str) -> Person:
    """A person in scope by ID number, or a field error naming the problem."""
    try:
        number = idnumber.parse(raw).number
    except idnumber.InvalidIdNumber as exc:
        raise ValidationError({"id_number": str(exc)}) from exc
    person = selectors.persons_visible(user).filter(id_number=number).first()
    if person is None:
        raise ValidationError({"id_number": "您管辖范围内没有登记该身份证号的人员，请先登记人员"})
    return person


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def person_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PersonForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect_after_post(request, f"/persons/{person.pk}/")
    return _form_response(request, form, "登记人员")


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def household_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = HouseholdForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            head = _person_by_number(user, data["head_id_number"])
            household = services.household_create(
                actor=user,
                number=data["number"],
                area_code=data["area_code"],
                address=data["address"],
                head=head,
                since=data["since"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "id_number" in exc.error_dict:
                exc = ValidationError({"head_id_number": exc.error_dict["id_number"]})
            attach_errors(form, exc)
        else:
            return redirect_after_post(request, f"/households/{household.pk}/")
    return _form_response(request, form, "新建家庭")


@require_POST
@requires(Capability.EDIT_PERSONAL)
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    household = selectors.household_for_reading(user, pk, log=False)
    form = MemberForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            person = _person_by_number(user, data["id_number"])
            services.household_add_member(
                actor=user,
                household=household,
                person=person,
                relation=data["relation"],
                since=data["since"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect_after_post(request, f"/households/{pk}/")
    return render(request, "core/_form.html", {"form": form, "action": request.path}, status=422)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def member_leave(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    user = _user(request)
    household = selectors.household_for_reading(user, pk, log=False)
    membership = get_object_or_404(HouseholdMembership, pk=membership_id, household=household)
    if membership.valid_to is not None:
        raise Http404("该成员关系已结束")
    form = LeaveForm(request.POST)
    if form.is_valid():
        try:
            services.household_remove_member(
                actor=user, membership=membership, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect_after_post(request, f"/households/{pk}/")
    return render(request, "core/_form.html", {"form": form, "action": request.path}, status=422)
