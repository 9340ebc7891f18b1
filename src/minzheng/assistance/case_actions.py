"""Case actions as the web page and the API see them: each action's form parses the
input, then one typed service performs it. Forms live here, beside the views; the
services take typed keyword arguments and know nothing of forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.assistance import forms as f
from minzheng.assistance.models import Application
from minzheng.assistance.services import applications as apps
from minzheng.assistance.services import decisions, fast_track
from minzheng.assistance.services.common import authorize
from minzheng.core.config import config_decimal
from minzheng.core.models import User
from minzheng.core.workflow.engine import allowed_actions, allowed_records, transition

Run = Callable[[User, Application, dict[str, Any], dt.date], object]


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    form: type[forms.Form]
    run: Run


def _plain(action: str) -> Run:
    def run(actor: User, app: Application, data: dict[str, Any], today: dt.date) -> object:
        return transition(app, action, actor, note=data.get("note", ""), today=today)

    return run


def _visit(actor: User, app: Application, data: dict[str, Any], today: dt.date) -> object:
    investigators = list(User.objects.filter(pk__in=data["investigators"]))
    return apps.home_visit_record(
        actor=actor,
        application=app,
        visited_on=data["visited_on"],
        investigators=investigators,
        findings=data["findings"],
        by_county=data["by_county"],
    )


def _review(actor: User, app: Application, data: dict[str, Any], today: dt.date) -> object:
    return decisions.application_review(actor=actor, application=app, today=today, **data)


# In the order the work is done: the records of the investigation come before the
# transition that completes it (D1.6).
ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            "request_materials",
            "一次性告知补正材料",
            f.MaterialsForm,
            lambda u, a, d, t: apps.application_request_materials(
                actor=u, application=a, added=d["added"], note=d["note"], today=t
            ),
        ),
        Action(
            "accept",
            "受理",
            f.NoteForm,
            lambda u, a, d, t: apps.application_accept(
                actor=u, application=a, note=d["note"], today=t
            ),
        ),
        Action(
            "means_test",
            "录入家庭经济状况核对报告",
            f.MeansTestForm,
            lambda u, a, d, t: apps.means_test_record(actor=u, application=a, **d),
        ),
        Action("home_visit", "录入入户调查", f.HomeVisitForm, _visit),
        Action("complete_investigation", "完成调查", f.NoteForm, _plain("complete_investigation")),
        Action("review", "乡镇审核", f.ReviewForm, _review),
        Action(
            "post_notice",
            "张榜公示",
            f.NoticeForm,
            lambda u, a, d, t: apps.notice_post(actor=u, application=a, place=d["place"], today=t),
        ),
        Action(
            "objection",
            "登记公示异议",
            f.ObjectionForm,
            lambda u, a, d, t: apps.objection_record(
                actor=u, application=a, summary=d["summary"], today=t
            ),
        ),
        Action("reinvestigate", "异议成立，重新调查", f.NoteForm, _plain("reinvestigate")),
        Action("submit_for_decision", "报县级审批", f.NoteForm, _plain("submit_for_decision")),
        Action(
            "approve",
            "批准",
            f.ApproveForm,
            lambda u, a, d, t: decisions.application_approve(actor=u, application=a, today=t, **d),
        ),
        Action(
            "refuse",
            "不予批准",
            f.RefuseForm,
            lambda u, a, d, t: decisions.application_refuse(
                actor=u, application=a, reasons=d["reasons"], today=t
            ),
        ),
        Action(
            "notify_refusal",
            "已书面告知",
            f.NoteForm,
            lambda u, a, d, t: decisions.refusal_notify(
                actor=u, application=a, note=d["note"], today=t
            ),
        ),
        Action(
            "extend",
            "延长办理时限",
            f.ExtendForm,
            lambda u, a, d, t: apps.application_extend(
                actor=u, application=a, reason=d["reason"], today=t
            ),
        ),
        Action("withdraw", "申请人撤回", f.NoteForm, _plain("withdraw")),
        Action(
            "grant",
            "先行发放",
            f.GrantForm,
            lambda u, a, d, t: fast_track.fast_grant(
                actor=u, application=a, amount=d["amount"], today=t
            ),
        ),
        Action("refuse_fast", "不适用先办后核", f.NoteForm, _plain("refuse_fast")),
        Action(
            "confirm",
            "核查属实",
            f.NoteForm,
            lambda u, a, d, t: fast_track.fast_confirm(
                actor=u, application=a, note=d.get("note", ""), today=t
            ),
        ),
        Action(
            "find_breach",
            "认定失信",
            f.BreachForm,
            lambda u, a, d, t: fast_track.fast_breach(actor=u, application=a, today=t, **d),
        ),
    ]
}


def available_actions(application: Application, user: User) -> list[Action]:
    """What the user can do on the case now, in the order of the work: the transitions
    and records its workflow declares for the user's role, area and the case's state."""
    names = {t.action for t in allowed_actions(application, user)}
    names |= {r.action for r in allowed_records(application, user)}
    return [action for name, action in ACTIONS.items() if name in names]


def _staff(application: Application) -> list[User]:
    codes = [application.area_id, application.area_id[:9], application.area_id[:6]]
    return list(
        User.objects.filter(area__code__in=codes, is_active=True).exclude(
            role__in=["auditor", "leader"]
        )
    )


def _form_options(application: Application, name: str, today: dt.date) -> dict[str, Any]:
    """What a form needs beyond the input: staff to pick, the cap, the starting values."""
    if name == "home_visit":
        return {"staff": _staff(application)}
    if name == "grant":
        return {"cap": config_decimal("fast_track.amount_cap", on=today, area=application.area)}
    if name == "approve":  # the county starts from the township's proposal (D1.8)
        initial = {
            "amount": application.proposed_amount,
            "covered_members": application.proposed_members,
        }
        return {"initial": initial}
    return {}


def action_form(
    application: Application,
    name: str,
    data: Any = None,
    *,
    today: dt.date,
    prefixed: bool = True,
    initial: dict[str, Any] | None = None,
) -> forms.Form:
    """The action's form; prefixed on the case page, where several forms share one page."""
    options = _form_options(application, name, today)
    if initial:
        options["initial"] = {**options.get("initial", {}), **initial}
    return ACTIONS[name].form(data, prefix=name if prefixed else None, **options)


def application_act(
    *,
    actor: User,
    application: Application,
    name: str,
    data: Any,
    today: dt.date,
    prefixed: bool = True,
) -> forms.Form:
    """Validate `data` with the action's form and perform it; returns the bound form.

    Raises ValidationError (field errors) when the input or the rules refuse; a
    refused transition raises WorkflowError with its reason.
    """
    if name not in ACTIONS:
        raise ValidationError({"action": f"未知的办理动作：{name}"})
    authorize(actor, application)
    if name not in {a.name for a in available_actions(application, actor)}:
        raise PermissionDenied(f"当前不能由您办理“{ACTIONS[name].label}”")
    form = action_form(application, name, data, today=today, prefixed=prefixed)
    if not form.is_valid():
        raise ValidationError({k: list(v) for k, v in form.errors.items()})
    ACTIONS[name].run(actor, application, form.cleaned_data, today)
    return form
