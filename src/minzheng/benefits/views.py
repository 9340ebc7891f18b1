"""The disability subsidies' pages (D4.5): the desk, the application form (any township),
the case with its actions. Thin: authorise, one service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.assistance.policy.vocabulary import Programme
from minzheng.assistance.policy_adapter import member_id
from minzheng.benefits import selectors
from minzheng.benefits.certificates import RECORDERS
from minzheng.benefits.facts import assess_application
from minzheng.benefits.forms import DisabilityApplicationForm, NoteForm
from minzheng.benefits.services.disability import disability_act, disability_receive
from minzheng.benefits.workflows import DISABILITY
from minzheng.core.audit import audit_record
from minzheng.core.forms import attach_errors, refusal
from minzheng.core.models import AuditAction, Person, User
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.core.workflow import ActionNotPermitted, Workflow, WorkflowError
from minzheng.core.workflow.engine import allowed_actions, history

SHOWN = 100
OPEN = ("received", "forwarded", "accepted", "checked", "reviewed")
ACTIONS = {t.action for t in DISABILITY.transitions}


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_GET
@requires(Capability.VIEW_PERSONAL)
def home(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    rows = selectors.applications_visible(user)
    context = {
        "can_edit": user.can(Capability.EDIT_PERSONAL),
        "open": rows.filter(status__in=OPEN)[:SHOWN],
        "closed": rows.exclude(status__in=OPEN)[:SHOWN],
        "workflow": DISABILITY,
    }
    return render(request, "benefits/home.html", context)


def _applicant(form: DisabilityApplicationForm) -> Person:
    """The applicant by ID number and name together (D4.5: any township receives, so the
    person may live elsewhere; both must match, and a miss says only that)."""
    data = form.cleaned_data
    person = Person.objects.filter(id_number=data["id_number"], name=data["name"]).first()
    if person is None:
        raise ValidationError({"id_number": "未找到身份证号码与姓名一致的登记人员"})
    return person


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def disability_new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = DisabilityApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            app = disability_receive(
                actor=user,
                person=_applicant(form),
                today=timezone.localdate(),
                **form.application_fields(),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已登记申请{app.number}")
            if app.area_id != app.household.area_id:
                messages.info(request, "申请人户籍不在本辖区，请办理“转交户籍地”")
                return redirect_after_post(request, reverse("benefits:home"))
            return redirect_after_post(
                request, reverse("benefits:disability_detail", args=[app.pk])
            )
    status = 422 if request.method == "POST" else 200
    context = {"title": "登记残疾人两项补贴申请", "submit": "登记申请", "form": form}
    return render(request, "core/form_page.html", context, status=status)


def _preview(app: Any) -> dict[str, Any] | None:
    if app.status not in ("accepted", "checked", "reviewed"):
        return None
    assessment = assess_application(app, timezone.localdate())
    applicant = member_id(app.person)
    rows = []
    for programme, wanted in (
        (Programme.DISABILITY_LIVING_SUBSIDY, app.living),
        (Programme.DISABILITY_CARE_SUBSIDY, app.care),
    ):
        if not wanted:
            continue
        decision = assessment[programme]
        texts = []
        for item in decision.reasons:
            if item.member_id in (applicant, None):
                text = item.message
                for member in assessment.household.members:
                    text = text.replace(member.display, member.name)
                texts.append((text.split(" ", 1)[-1], item.against, item.rule))
        rows.append((programme.label, decision.member_amounts.get(applicant), texts))
    return {"rows": rows}


def _context(user: User, app: Any, bound: dict[str, forms.Form]) -> dict[str, Any]:
    actions = allowed_actions(app, user)
    return {
        "case": app,
        "workflow": DISABILITY,
        "preview": _preview(app),
        "actions": [(t, bound.get(t.action) or NoteForm(prefix=t.action)) for t in actions],
        "history": history(app),
        "grants": app.grants.select_related("enrolment"),
        "can_renew": user.role in RECORDERS,
    }


@require_GET
@requires(Capability.VIEW_PERSONAL)
def disability_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    app = selectors.application_for(user, pk)
    audit_record(actor=user, action=AuditAction.READ, obj=app, summary=f"查看{app.number}")
    return render(request, "benefits/disability_detail.html", _context(user, app, {}))


def act_on_case(
    request: HttpRequest,
    action: str,
    act: Callable[[str], object],
    workflow: Workflow,
    done_url: str,
    refused: Callable[[NoteForm], HttpResponse],
) -> HttpResponse:
    """A workflow action posted from a case page with its note: done → a message and the
    case page (`done_url`); refused by the rules → the page again (422) with the reason
    on the action's form; a role the workflow does not name → 403."""
    form = NoteForm(request.POST, prefix=action)
    if form.is_valid():
        try:
            act(form.cleaned_data["note"])
        except ActionNotPermitted as exc:
            raise PermissionDenied(str(exc)) from None
        except (WorkflowError, ValidationError) as exc:
            attach_errors(form, refusal(exc))
        else:
            messages.success(request, f"已办理“{workflow.find(action).label}”")
            return redirect_after_post(request, done_url)
    return refused(form)


@require_POST
@requires(Capability.VIEW_PERSONAL)
def disability_act_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = user_of(request)
    app = selectors.application_for(user, pk)
    if action not in ACTIONS:
        raise Http404("未知的办理动作")
    done = (
        reverse("benefits:home")  # forwarded to another county: no longer this user's case
        if action == "forward"
        else reverse("benefits:disability_detail", args=[app.pk])
    )
    return act_on_case(
        request,
        action,
        lambda note: disability_act(
            actor=user, app=app, action=action, note=note, today=timezone.localdate()
        ),
        DISABILITY,
        done,
        lambda form: render(
            request,
            "benefits/disability_detail.html",
            _context(user, app, {action: form}),
            status=422,
        ),
    )
