"""The care-service subsidy of economically poor elderly people (D7.4): the assessment
recorded (assessor, organisation, date, the D2.8 items, the level, its validity), the
application received and checked by the township, decided by the county through the
workflow engine on the policy engine's answer, and paid monthly through the payroll as
a benefit enrolment (like the two subsidies, `services.enrolment`)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.assistance.policy.benefit_vocabulary import AssistanceStatus
from minzheng.assistance.policy.care import care_level
from minzheng.assistance.policy.dates import add_months, first_of_next_month
from minzheng.assistance.policy.rules import plain_message
from minzheng.assistance.policy.vocabulary import CareItem, Programme
from minzheng.assistance.policy_adapter import (
    assess_in_area,
    household_facts,
    member_id,
    parameters_in_force,
)
from minzheng.benefits.facts import receiving, status_of
from minzheng.benefits.models import CareAssessment, CareServiceApplication
from minzheng.benefits.services.disability import _household_of
from minzheng.benefits.services.enrolment import benefit_enrol
from minzheng.core.audit import audit_record
from minzheng.core.config import config_int
from minzheng.core.models import AuditAction, Person, User
from minzheng.core.workflow.engine import transition

CARE_SERVICE = Programme.ELDERLY_CARE_SERVICE_SUBSIDY
ITEMS = {item.value for item in CareItem}


@transaction.atomic
def assessment_record(
    *,
    actor: User,
    person: Person,
    assessor: str,
    assessor_org: str,
    assessed_on: dt.date,
    items_unable: list[str],
    today: dt.date,
) -> CareAssessment:
    """Record an assessment (D7.4 by the D2.8 items): the level is the engine's
    thresholds' on the assessment day; valid for `benefits.care_service.
    assessment_valid_months` (to the day before the same date that many months later).
    An open application of the person's takes it."""
    household = _household_of(person, today)
    if not actor.reaches(household.area_id):
        raise ValidationError({"id_number": "未找到身份证号码与姓名一致的登记人员"})
    unknown = [code for code in items_unable if code not in ITEMS]
    if unknown:
        raise ValidationError({"items_unable": "不能自理项目不在六项日常生活能力之内"})
    if assessed_on > today:
        raise ValidationError({"assessed_on": "评估日期不能晚于今天"})
    params = parameters_in_force(household.area, assessed_on).params
    level = care_level(len(set(items_unable)), params)
    months = config_int(
        "benefits.care_service.assessment_valid_months", on=assessed_on, area=household.area
    )
    valid_until = add_months(assessed_on, months) - dt.timedelta(days=1)
    assessment = CareAssessment.objects.create(
        person=person,
        area_id=household.area_id,
        assessor=assessor,
        assessor_org=assessor_org,
        assessed_on=assessed_on,
        items_unable=sorted(set(items_unable)),
        level=level.value,
        valid_until=valid_until,
        recorded_by=actor,
    )
    CareServiceApplication.objects.filter(
        person=person, status__in=("received", "checked")
    ).update(assessment=assessment)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=assessment,
        area_code=household.area_id,
        summary=f"录入能力评估：{level.label}，有效期至{valid_until:%Y年%m月%d日}",
    )
    return assessment


def latest_assessment(person: Person, day: dt.date) -> CareAssessment | None:
    return (
        CareAssessment.objects.filter(person=person, assessed_on__lte=day, valid_until__gte=day)
        .order_by("-assessed_on", "-id")
        .first()
    )


@transaction.atomic
def care_receive(
    *, actor: User, person: Person, applied_on: dt.date, assistance_status: str, today: dt.date
) -> CareServiceApplication:
    """Register an application at the household's community or township."""
    household = _household_of(person, today)
    if not actor.reaches(household.area_id):
        raise ValidationError({"id_number": "未找到身份证号码与姓名一致的登记人员"})
    if applied_on > today:
        raise ValidationError({"applied_on": "申请日期不能晚于今天"})
    if CareServiceApplication.objects.filter(
        person=person, status__in=("received", "checked")
    ).exists():
        raise ValidationError({"id_number": "该老年人已有办理中的申请"})
    case = CareServiceApplication.objects.create(
        number=f"YF{today:%Y%m%d}{secrets.token_hex(3).upper()}",
        person=person,
        household=household,
        area_id=household.area_id,
        assessment=latest_assessment(person, today),
        assistance_status=AssistanceStatus(assistance_status).value,
        applied_on=applied_on,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=case,
        area_code=case.area_id,
        summary=f"{case.number} 登记经济困难老年人服务补贴申请",
    )
    return case


def care_assess(case: CareServiceApplication, day: dt.date) -> tuple[Decimal | None, list[str]]:
    """The engine's amount for the applicant on `day` (None: not eligible) and its
    reasons about them: the registry's household, the status (registry first, else the
    township's), the assessment's items."""
    if case.assessment is None:
        return None, ["尚未录入能力评估"]
    base = household_facts(case.household, on=day)
    held = receiving(case.household, day)
    applicant = member_id(case.person)
    items = frozenset(CareItem(code) for code in case.assessment.items_unable)
    members = tuple(
        replace(m, care_items_unable=items, receiving=frozenset(held.get(case.person_id, set())))
        if m.id == applicant
        else m
        for m in base.members
    )
    status = status_of(case.household, case.person, day, case.assistance_status)
    facts = replace(base, members=members, assistance_status=status)
    assessment, _ = assess_in_area(facts, case.household.area)
    decision = assessment[CARE_SERVICE]
    reasons = []
    for item in decision.reasons:
        if item.member_id not in (applicant, None):
            continue
        text = plain_message(item)
        for member in assessment.household.members:
            text = text.replace(member.display, member.name)
        reasons.append(text)
    return decision.member_amounts.get(applicant), reasons


def care_act(
    *, actor: User, case: CareServiceApplication, action: str, note: str = "", today: dt.date
) -> CareServiceApplication:
    """One step; `decide` runs the engine on the assessment valid today and enrols from
    the month after the decision (an assumption: D7.4 does not say, docs/benefits.md)."""
    with transaction.atomic():
        if action in ("check", "decide"):
            _assessment_valid(case, today)
        if action == "decide":
            return _decide(actor, case, note, today)
        transition(case, action, actor, note=note, today=today)
        case.refresh_from_db()
        if action == "refuse":
            case.decided_on = today
            case.notice = (
                f"{case.person.name}：您于{case.applied_on:%Y年%m月%d日}提出的经济困难老年人"
                f"服务补贴申请于{today:%Y年%m月%d日}决定不予批准。理由：{note}。"
                "如有异议，可依法申请行政复议或提起行政诉讼。"
            )
            case.save(update_fields=["decided_on", "notice"])
        return case


def _assessment_valid(case: CareServiceApplication, today: dt.date) -> None:
    found = case.assessment
    if found is None:
        raise ValidationError({"assessment": "尚未录入能力评估，请先录入"})
    if found.valid_until < today:
        raise ValidationError(
            {"assessment": f"能力评估已于{found.valid_until:%Y年%m月%d日}到期，请重新评估"}
        )


def _decide(
    actor: User, case: CareServiceApplication, note: str, today: dt.date
) -> CareServiceApplication:
    amount, reasons = care_assess(case, today)
    if amount is None:
        raise ValidationError(
            {"note": "经测算不符合服务补贴条件，请办理“不予批准”：" + "；".join(reasons)}
        )
    transition(case, "decide", actor, note=note, today=today)
    case.refresh_from_db()
    assert case.assessment is not None
    starts = first_of_next_month(today)
    enrolment = benefit_enrol(
        actor=actor,
        household=case.household,
        person=case.person,
        programme=CARE_SERVICE.value,
        amount=amount,
        starts_on=starts,
        next_review_on=case.assessment.valid_until,
        reasons=reasons,
    )
    enrolment.benefit_grant.care_application = case
    enrolment.benefit_grant.save(update_fields=["care_application"])
    case.decided_on, case.amount, case.reasons = today, amount, reasons
    case.notice = (
        f"{case.person.name}：经审核，您于{case.applied_on:%Y年%m月%d日}提出的申请已于"
        f"{today:%Y年%m月%d日}批准：经济困难老年人服务补贴每月{amount}元"
        f"（能力评估：{case.assessment.get_level_display()}），自{starts:%Y年%m月}起按月发放至本人账户。"
    )
    case.save(update_fields=["decided_on", "amount", "reasons", "notice"])
    return case
