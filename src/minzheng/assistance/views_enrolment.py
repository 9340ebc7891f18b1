"""Enrolled beneficiaries: the list with reviews due, and the review page, which re-runs
the policy engine on the facts entered now (D1.16, D1.17, D2.7)."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.assistance import selectors
from minzheng.assistance.models import Enrolment, EnrolmentStatus
from minzheng.assistance.services.enrolment import enrolment_review
from minzheng.assistance.views_calculator import calculator_input, parsed_household
from minzheng.core.audit import audit_page, audit_read
from minzheng.core.forms import attach_errors
from minzheng.core.models import User
from minzheng.core.paging import page_of
from minzheng.core.roles import Capability
from minzheng.core.views import requires


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_GET
@requires(Capability.VIEW_PERSONAL)
def enrolment_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    qs = selectors.enrolments_visible(_user(request)).current().order_by("next_review_on")
    if request.GET.get("due"):
        qs = qs.filter(next_review_on__lte=today)
    page = page_of(request, qs, 30)
    criteria = {"待复核": "是" if request.GET.get("due") else ""}
    audit_page(
        actor=_user(request), object_type="assistance.enrolment", criteria=criteria, page=page
    )
    return render(
        request,
        "assistance/enrolments.html",
        {"page": page, "today": today, "due": bool(request.GET.get("due")), "q": ""},
    )


def _enrolment(user: User, pk: int) -> Enrolment:
    found = selectors.enrolments_visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该保障对象，或不在您的管辖区域内")
    return found


@require_http_methods(["GET", "POST"])
@requires(Capability.VIEW_PERSONAL)
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The enrolment's history; staff who may edit get the review form."""
    user = _user(request)
    if request.method == "POST" and not user.can(Capability.EDIT_PERSONAL):
        raise PermissionDenied("您的角色无权复核")
    enrolment = _enrolment(user, pk)
    today = timezone.localdate()
    form, edited = calculator_input(request, user, enrolment.household, today, review=True)
    can_review = user.can(Capability.EDIT_PERSONAL) and enrolment.status != EnrolmentStatus.ENDED
    parsed = parsed_household(form) if form.is_bound and can_review and not edited else None
    if parsed is not None:
        facts = dataclasses.replace(parsed.household, decision_date=today)  # a review is today's
        try:
            change = enrolment_review(
                actor=user,
                enrolment=enrolment,
                facts=facts,
                covered=tuple(m.id for m in facts.members),
                on=today,
            )
        except ValidationError as exc:
            attach_errors(form.household_form, exc)
        else:
            messages.success(request, f"已保存复核结果（{change.get_kind_display()}）")
            return redirect("assistance:enrolment", pk=pk)
    elif request.method == "GET":
        audit_read(actor=user, obj=enrolment, summary="查看保障对象")
    return render(
        request,
        "assistance/enrolment.html",
        {
            "enrolment": enrolment,
            "changes": enrolment.changes.select_related("decided_by"),
            "form": form if can_review else None,
            "today": today,
        },
        status=422 if form.is_bound and not edited and parsed is None else 200,
    )
