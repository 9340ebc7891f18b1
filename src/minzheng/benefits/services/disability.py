"""The disability two subsidies' procedure (D4.5): register at any township, forward to
the registration place, accept, check, federation review, decide or refuse — each step
through the workflow engine, the decision running the policy engine (D4.1–D4.4) and
enrolling what it grants from the month of application."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.assistance.policy.dates import add_months
from minzheng.assistance.policy.engine import Assessment
from minzheng.assistance.policy.rules import plain_message
from minzheng.assistance.policy.vocabulary import Programme
from minzheng.assistance.policy_adapter import member_id
from minzheng.benefits.facts import assess_application
from minzheng.benefits.models import SubsidyApplication
from minzheng.benefits.services.enrolment import benefit_enrol
from minzheng.core.audit import audit_record
from minzheng.core.config import config_int
from minzheng.core.models import AuditAction, Household, Person, User
from minzheng.core.workflow.engine import transition

LIVING = Programme.DISABILITY_LIVING_SUBSIDY
CARE = Programme.DISABILITY_CARE_SUBSIDY


def _household_of(person: Person, day: dt.date) -> Household:
    row = person.memberships.filter(valid_from__lte=day).exclude(valid_to__lt=day).first()
    if row is None:
        raise ValidationError({"id_number": "申请人未登记在任何家庭中，请先在户籍地登记家庭"})
    return row.household


@transaction.atomic
def disability_receive(
    *, actor: User, person: Person, today: dt.date, **fields: Any
) -> SubsidyApplication:
    """Register an application at the actor's township or community, whatever the
    applicant's registration place (D4.5, 跨区通办): the case stays at the intake until
    forwarded, unless the household lies in the actor's own area."""
    if not (fields.get("living") or fields.get("care")):
        raise ValidationError({"living": "请至少选择一项补贴"})
    household = _household_of(person, today)
    local = actor.reaches(household.area_id)
    intake = actor.area_id
    if intake is None:
        raise ValidationError({"id_number": "您的账号未设置所属区划，不能受理申请"})
    app = SubsidyApplication.objects.create(
        number=f"CB{today:%Y%m%d}{secrets.token_hex(3).upper()}",
        person=person,
        household=household,
        intake_area_id=intake,
        area_id=household.area_id if local else intake,
        created_by=actor,
        **fields,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=app,
        area_code=app.area_id,
        summary=f"{app.number} 登记残疾人两项补贴申请（{app.subsidies_label}）"
        + ("" if local else "，异地受理待转交户籍地"),
    )
    return app


def disability_act(
    *, actor: User, app: SubsidyApplication, action: str, note: str = "", today: dt.date
) -> SubsidyApplication:
    """One step of the procedure; `decide` runs the policy engine and enrols."""
    with transaction.atomic():
        if action == "decide":
            return _decide(actor, app, note, today)
        transition(app, action, actor, note=note, today=today)
        app.refresh_from_db()
        if action == "forward":
            app.area_id, app.forwarded_on = app.household.area_id, today
            app.save(update_fields=["area", "forwarded_on"])
        elif action == "review":
            app.reviewed_by = actor
            app.save(update_fields=["reviewed_by"])
        elif action == "refuse":
            app.notice = _refusal_notice(app, note, today)
            app.decided_on = today
            app.save(update_fields=["notice", "decided_on"])
        return app


def _granted(app: SubsidyApplication, assessment: Assessment) -> dict[Programme, Decimal]:
    wanted = [p for p, on in ((LIVING, app.living), (CARE, app.care)) if on]
    applicant = member_id(app.person)
    return {
        p: assessment[p].member_amounts[applicant]
        for p in wanted
        if applicant in assessment[p].member_amounts
    }


def _reasons(app: SubsidyApplication, assessment: Assessment) -> list[str]:
    """The engine's reasons about the applicant, naming people by name (never by id)."""
    applicant = member_id(app.person)
    wanted = [p for p, on in ((LIVING, app.living), (CARE, app.care)) if on]
    out = []
    for programme in wanted:
        for item in assessment[programme].reasons:
            if item.member_id not in (applicant, None):
                continue
            text = plain_message(item)
            for member in assessment.household.members:
                text = text.replace(member.display, member.name)
            out.append(text)
    return out


def _decide(actor: User, app: SubsidyApplication, note: str, today: dt.date) -> SubsidyApplication:
    assessment = assess_application(app, today)
    granted = _granted(app, assessment)
    reasons = _reasons(app, assessment)
    if not granted:
        raise ValidationError(
            {"note": "经测算不符合所申请的补贴条件，请办理“不予批准”：" + "；".join(reasons)}
        )
    transition(app, "decide", actor, note=note, today=today)
    app.refresh_from_db()
    starts = app.applied_on.replace(day=1)  # D4.5: paid from the month of application
    review_months = config_int(
        "benefits.disability.review_months", on=today, area=app.household.area
    )
    review_on = app.certificate_expires_on or add_months(today, review_months)
    for programme, amount in granted.items():
        ratio = (
            assessment[programme].member_figures.get(member_id(app.person), {}).get("ratio", "")
        )
        benefit_enrol(
            actor=actor,
            household=app.household,
            person=app.person,
            programme=programme.value,
            amount=amount,
            starts_on=starts,
            next_review_on=review_on,
            reasons=reasons,
            application=app,
            ratio=str(ratio or ""),
            basis={
                "disability_type": app.disability_type,
                "disability_grade": app.disability_grade,
                "assistance_status": assessment.household.assistance_status.value,
            },
        )
    app.decided_on = today
    app.living_amount = granted.get(LIVING)
    app.care_amount = granted.get(CARE)
    app.reasons = reasons
    app.notice = _grant_notice(app, granted, starts, today)
    app.save(update_fields=["decided_on", "living_amount", "care_amount", "reasons", "notice"])
    return app


def _grant_notice(
    app: SubsidyApplication, granted: dict[Programme, Decimal], starts: dt.date, today: dt.date
) -> str:
    lines = "；".join(f"{p.label}每月{amount}元" for p, amount in granted.items())
    refused = [
        p.label for p, on in ((LIVING, app.living), (CARE, app.care)) if on and p not in granted
    ]
    tail = f"。所申请的{'、'.join(refused)}不符合条件，理由见测算说明" if refused else ""
    return (
        f"{app.person.name}：经审核，您于{app.applied_on:%Y年%m月%d日}提出的申请已于"
        f"{today:%Y年%m月%d日}批准：{lines}，自{starts:%Y年%m月}起按月发放至本人账户{tail}。"
    )


def _refusal_notice(app: SubsidyApplication, note: str, today: dt.date) -> str:
    return (
        f"{app.person.name}：经审核，您于{app.applied_on:%Y年%m月%d日}提出的残疾人两项补贴申请"
        f"于{today:%Y年%m月%d日}决定不予批准。理由：{note}。如有异议，可依法申请行政复议或提起行政诉讼。"
    )
