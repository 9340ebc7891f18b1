"""Pages that change people and households: forms posted with htmx, errors shown
on their fields, success redirects to the record."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from minzheng.core import extensions, idnumber, selectors, services
from minzheng.core.forms import HouseholdForm, LeaveForm, MemberForm, PersonForm, attach_errors
from minzheng.core.models import Household, HouseholdMembership, Person, User
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _form_response(
    request: HttpRequest, form: forms.Form, title: str, **context: object
) -> HttpResponse:
    """The whole page on GET; only the form (with its errors) for an htmx post."""
    action = request.get_full_path()
    if request.method == "POST" and getattr(request, "htmx", False):
        return render(request, "core/_form.html", {"form": form, "action": action}, status=422)
    status = 422 if request.method == "POST" else 200
    page = {"form": form, "title": title, "action": action, **context}
    return render(request, "core/form_page.html", page, status=status)


def _person_by_number(user: User, raw: str, register_url: str = "") -> Person:
    """A person in scope by ID number, or a field error naming the problem (with the
    way to register them)."""
    try:
        number = idnumber.parse(raw).number
    except idnumber.InvalidIdNumber as exc:
        raise ValidationError({"id_number": str(exc)}) from exc
    person = selectors.persons_visible(user).filter(id_number=number).first()
    if person is None and (
        merged := Person.objects.visible_to(user)
        .filter(id_number=number, merged_into__isnull=False)
        .select_related("merged_into")
        .first()
    ):
        kept = merged.merged_into
        assert kept is not None
        raise ValidationError(
            {"id_number": f"该身份证号的档案已并入{kept.name}的档案，请使用保留的档案"}
        )
    if person is None:
        message = format_html(
            '您管辖范围内没有登记该身份证号的人员，请先<a href="{}">登记人员</a>',
            register_url or reverse("core:person_new"),
        )
        raise ValidationError({"id_number": message})
    return person


def _joining(request: HttpRequest, user: User) -> Household | None:
    """The household a new person joins when registered from its page (?household=pk)."""
    raw = request.GET.get("household", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("家庭不存在")
    return selectors.household_for_reading(user, int(raw), log=False)


def _duplicate_shown(user: User, form: PersonForm) -> bool:
    """Before a second record of someone is created (issue 16, D0.1): the likely
    duplicates the installed checks find, as an error on the confirmation box, unless
    the clerk has ticked it. People outside the user's area are counted, not named."""
    data = dict(form.cleaned_data)
    if data.pop("not_duplicate", False):
        return False
    found, outside = extensions.likely_duplicates(user, data)
    if not found and not outside:
        return False
    names = "；".join(
        f"{d.name}（{d.masked_id_number}，{d.area_name}，匹配概率{d.probability:.2f}）"
        for d in found
    )
    text = f"疑似已登记：{names}" if names else "疑似已登记"
    if outside:
        text += f"；另有{outside}名疑似重复人员在您的管辖区域外"
    form.add_error("not_duplicate", f"{text}。请先核对；确认不是同一人后勾选本项再提交")
    return True


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def person_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    household = _joining(request, user)
    initial = {"area_code": household.area_id} if household else None
    joins = household is not None
    form = PersonForm(request.POST or None, user=user, joins=joins, initial=initial)
    if request.method == "POST" and form.is_valid() and not _duplicate_shown(user, form):
        fields = {k: v for k, v in form.cleaned_data.items() if k != "not_duplicate"}
        try:
            if household is None:
                person = services.person_create(actor=user, **fields)
            else:
                person = services.person_create_in_household(
                    actor=user, household=household, **fields
                )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            if household is None:
                messages.success(request, f"已登记人员：{person.name}")
                url = reverse("core:person_detail", args=[person.pk])
                return redirect_after_post(request, url)
            messages.success(request, f"已登记{person.name}并加入家庭{household.number}")
            return redirect_after_post(
                request, reverse("core:household_detail", args=[household.pk])
            )
    title = f"登记人员并加入家庭{household.number}" if household else "登记人员"
    return _form_response(request, form, title, household=household)


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
            messages.success(request, f"已新建家庭，家庭编号{household.number}")
            return redirect_after_post(
                request, reverse("core:household_detail", args=[household.pk])
            )
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
            register_url = reverse("core:person_new") + f"?household={household.pk}"
            person = _person_by_number(user, data["id_number"], register_url)
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
            messages.success(request, f"{person.name}已加入家庭{household.number}")
            return redirect_after_post(request, reverse("core:household_detail", args=[pk]))
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
            messages.success(request, f"{membership.person.name}已迁出家庭{household.number}")
            return redirect_after_post(request, reverse("core:household_detail", args=[pk]))
    return render(request, "core/_form.html", {"form": form, "action": request.path}, status=422)
