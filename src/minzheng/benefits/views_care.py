"""Pages of the benefit reviews (issue 19 item 4) and of the care-service subsidy (D7.4):
the review queue and its sweep, confirmation or dismissal; the applications, the
assessment record, the case and its actions. Thin: authorise, one service, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.benefits import selectors
from minzheng.benefits.certificates import RECORDERS
from minzheng.benefits.forms import AreaForm, AssessmentForm, CareApplicationForm, NoteForm
from minzheng.benefits.roll import (
    BenefitRollRefused,
    benefit_roll_export,
    benefit_roll_import,
    may_import,
)
from minzheng.benefits.services.care_service import (
    assessment_record,
    care_act,
    care_assess,
    care_receive,
)
from minzheng.benefits.services.reviews import review_act, review_sweep
from minzheng.benefits.views import act_on_case, user_of
from minzheng.benefits.views_old_age import _batch_prefix
from minzheng.benefits.workflows import CARE_SERVICE, REVIEW
from minzheng.core.audit import audit_record
from minzheng.core.forms import attach_errors, refusal
from minzheng.core.models import AuditAction, Person, User
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.spreadsheets.writer import xlsx_response
from minzheng.core.views import requires
from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.core.workflow.engine import allowed_actions, history
from minzheng.payments.forms import RollForm

SHOWN = 200
ROLL_SHOWN = 500
REVIEW_ACTIONS = {t.action for t in REVIEW.transitions}
CARE_ACTIONS = {t.action for t in CARE_SERVICE.transitions}
NOT_FOUND = "未找到身份证号码与姓名一致的登记人员"


def _reviews_page(request: HttpRequest, bound: dict[str, Any], status: int = 200) -> HttpResponse:
    user = user_of(request)
    rows = selectors.reviews_visible(user)
    context = {
        "can_edit": user.can(Capability.EDIT_PERSONAL),
        "can_renew": user.role in RECORDERS,
        "open": rows.filter(status="proposed")[:SHOWN],
        "closed": rows.exclude(status="proposed")[:SHOWN],
        "workflow": REVIEW,
        "area_form": bound.get("area") or AreaForm(),
        "failed": bound.get("failed"),
        "note_form": bound.get("note") or NoteForm(prefix="dismiss"),
    }
    return render(request, "benefits/reviews.html", context, status=status)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def reviews(request: HttpRequest) -> HttpResponse:
    return _reviews_page(request, {})


@require_POST
@requires(Capability.EDIT_PERSONAL)
def reviews_sweep_view(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = AreaForm(request.POST)
    prefix = _batch_prefix(user, form)
    if prefix is None:
        return _reviews_page(request, {"area": form, "failed": True}, 422)
    made = review_sweep(actor=user, prefix=prefix, today=timezone.localdate())
    messages.success(request, f"新提出补贴复核{len(made)}件")
    return redirect_after_post(request, reverse("benefits:reviews"))


@require_POST
@requires(Capability.VIEW_PERSONAL)
def review_act_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = user_of(request)
    review = selectors.review_for(user, pk)
    if action not in REVIEW_ACTIONS:
        raise Http404("未知的办理动作")
    form = NoteForm(request.POST, prefix=action)
    if form.is_valid():
        try:
            review_act(
                actor=user,
                review=review,
                action=action,
                note=form.cleaned_data["note"],
                today=timezone.localdate(),
            )
        except ActionNotPermitted as exc:
            raise PermissionDenied(str(exc)) from None
        except (WorkflowError, ValidationError) as exc:
            attach_errors(form, refusal(exc))
        else:
            messages.success(request, f"已办理“{REVIEW.find(action).label}”：{review.number}")
            return redirect_after_post(request, reverse("benefits:reviews"))
    return _reviews_page(request, {"note": form, "failed": True}, 422)


# -- the care-service subsidy (D7.4) ----------------------------------------------


def _person(form: forms.Form) -> Person:
    data = form.cleaned_data
    person = Person.objects.filter(id_number=data["id_number"], name=data["name"]).first()
    if person is None:
        raise ValidationError({"id_number": NOT_FOUND})
    return person


def _care_page(
    request: HttpRequest, bound: dict[str, forms.Form], status: int = 200
) -> HttpResponse:
    user = user_of(request)
    rows = selectors.care_cases_visible(user)
    today = timezone.localdate()
    context = {
        "can_edit": user.can(Capability.EDIT_PERSONAL),
        "open": rows.filter(status__in=("received", "checked"))[:SHOWN],
        "closed": rows.exclude(status__in=("received", "checked"))[:SHOWN],
        "assessments": selectors.assessments_visible(user)[:SHOWN],
        "workflow": CARE_SERVICE,
        "case_form": bound.get("case") or CareApplicationForm(initial={"applied_on": today}),
        "assessment_form": bound.get("assessment")
        or AssessmentForm(initial={"assessed_on": today}),
    }
    return render(request, "benefits/care_service.html", context, status=status)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def care_service(request: HttpRequest) -> HttpResponse:
    return _care_page(request, {})


@require_POST
@requires(Capability.EDIT_PERSONAL)
def care_new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = CareApplicationForm(request.POST)
    if form.is_valid():
        try:
            case = care_receive(
                actor=user,
                person=_person(form),
                applied_on=form.cleaned_data["applied_on"],
                assistance_status=form.cleaned_data["assistance_status"],
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已登记申请{case.number}")
            return redirect_after_post(request, reverse("benefits:care_detail", args=[case.pk]))
    return _care_page(request, {"case": form}, 422)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def assessment_new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            found = assessment_record(
                actor=user,
                person=_person(form),
                assessor=data["assessor"],
                assessor_org=data["assessor_org"],
                assessed_on=data["assessed_on"],
                items_unable=list(data["items_unable"]),
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                f"已录入能力评估：{found.get_level_display()}，"
                f"有效期至{found.valid_until:%Y-%m-%d}",
            )
            return redirect_after_post(request, reverse("benefits:care_service"))
    return _care_page(request, {"assessment": form}, 422)


def _care_context(user: User, case: Any, bound: dict[str, forms.Form]) -> dict[str, Any]:
    preview = None
    if case.status in ("received", "checked"):
        amount, reasons = care_assess(case, timezone.localdate())
        preview = {"amount": amount, "reasons": reasons}
    return {
        "case": case,
        "workflow": CARE_SERVICE,
        "preview": preview,
        "actions": [
            (t, bound.get(t.action) or NoteForm(prefix=t.action))
            for t in allowed_actions(case, user)
        ],
        "history": history(case),
    }


@require_GET
@requires(Capability.VIEW_PERSONAL)
def care_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = selectors.care_case_for(user, pk)
    audit_record(actor=user, action=AuditAction.READ, obj=case, summary=f"查看{case.number}")
    return render(request, "benefits/care_detail.html", _care_context(user, case, {}))


@require_POST
@requires(Capability.VIEW_PERSONAL)
def care_act_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = user_of(request)
    case = selectors.care_case_for(user, pk)
    if action not in CARE_ACTIONS:
        raise Http404("未知的办理动作")
    return act_on_case(
        request,
        action,
        lambda note: care_act(
            actor=user, case=case, action=action, note=note, today=timezone.localdate()
        ),
        CARE_SERVICE,
        reverse("benefits:care_detail", args=[case.pk]),
        lambda form: render(
            request,
            "benefits/care_detail.html",
            _care_context(user, case, {action: form}),
            status=422,
        ),
    )


# -- the recipient roll: Excel import (all or nothing) and export -------------------


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def roll_import_view(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not may_import(user):
        raise PermissionDenied("您的角色无权导入补贴名册")
    if request.method == "GET":
        return render(request, "benefits/roll_import.html", {"form": RollForm()})
    form = RollForm(request.POST, request.FILES)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = benefit_roll_import(actor=user, content=upload.read(), filename=upload.name)
        except BenefitRollRefused as refused:
            context.update(
                errors=refused.errors[:ROLL_SHOWN], count=len(refused.errors), filename=upload.name
            )
        else:
            messages.success(request, outcome.summary_zh())
            return redirect_after_post(request, reverse("benefits:recipients"))
    return render(request, "benefits/roll_import.html", context, status=422)


@require_GET
@requires(Capability.EXPORT_PERSONAL)
def roll_export_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    content = benefit_roll_export(actor=user_of(request), today=today)
    return xlsx_response(content, f"补贴发放名册-{today:%Y%m}.xlsx")
