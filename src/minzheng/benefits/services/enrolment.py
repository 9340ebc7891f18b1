"""Benefits paid through the payroll (D13.3): each decision becomes an assistance
`Enrolment` of the benefit track (personal: the beneficiary is the payee, D13.1), with
its history of amount changes; a stop terminates it (the payroll's stop sweep then
records the stop and recovers what was paid after it, D13.5)."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.assistance.entitlements import amount_in, in_force_query
from minzheng.assistance.models import Application, Enrolment, EnrolmentChange, EnrolmentStatus
from minzheng.assistance.models.applications import Track
from minzheng.assistance.models.enrolment import ChangeKind, ReviewClass
from minzheng.assistance.policy.dates import first_of_next_month
from minzheng.assistance.policy.money import apply_ratio, percent_text
from minzheng.assistance.policy.vocabulary import AreaClass, Programme
from minzheng.assistance.policy_adapter import parameters_in_force
from minzheng.benefits.models import Grant, SubsidyApplication
from minzheng.core.audit import Entry, audit_record, audit_record_many, snapshot
from minzheng.core.models import AuditAction, Household, Person, User

LIVING = Programme.DISABILITY_LIVING_SUBSIDY.value


def benefit_enrol(
    *,
    actor: User,
    household: Household,
    person: Person,
    programme: str,
    amount: Decimal,
    starts_on: dt.date,
    next_review_on: dt.date,
    reasons: list[str],
    application: SubsidyApplication | None = None,
    ratio: str = "",
    basis: dict[str, object] | None = None,
) -> Enrolment:
    """The case that carries the enrolment (benefit track, born approved), the enrolment
    from `starts_on` (first of a month) and its start change; audited."""
    number = f"BF{starts_on:%Y%m}{secrets.token_hex(4).upper()}"
    case = Application.objects.create(
        number=number,
        track=Track.BENEFIT,
        programme=programme,
        household=household,
        applicant=person,
        channel="in_person",
        applied_on=application.applied_on if application else starts_on,
        decided_amount=amount,
        decided_on=starts_on,
        area_id=household.area_id,
        created_by=actor,
    )
    enrolment = Enrolment.objects.create(
        household=household,
        programme=programme,
        application=case,
        starts_on=starts_on,
        monthly_amount=amount,
        covered_members=1,
        review_class=ReviewClass.A,
        next_review_on=next_review_on,
    )
    EnrolmentChange.objects.create(
        enrolment=enrolment,
        kind=ChangeKind.START,
        effective_on=starts_on,
        amount_after=amount,
        reasons=reasons,
        decided_by=actor,
    )
    Grant.objects.create(
        enrolment=enrolment, application=application, person=person, ratio=ratio, **(basis or {})
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=enrolment,
        area_code=household.area_id,
        summary=f"{Programme(programme).label}纳入发放，{starts_on:%Y年%m月}起{amount}元/月",
        after={"programme": programme, "amount": str(amount)},
    )
    return enrolment


def schedule_change(
    *, actor: User, enrolment: Enrolment, on: dt.date, amount: Decimal, reason: str
) -> EnrolmentChange:
    """An amount change effective from the month `on` (first of a month)."""
    before = amount_in(enrolment, on)
    return EnrolmentChange.objects.create(
        enrolment=enrolment,
        kind=ChangeKind.ADJUST,
        effective_on=on,
        amount_before=before,
        amount_after=amount,
        reasons=[reason],
        decided_by=actor,
    )


class StopCause:
    DEATH = "death"
    MOVED_OUT = "moved_out"
    DUPLICATE = "duplicate"
    INELIGIBLE = "ineligible"


STOP_LABELS = {
    StopCause.DEATH: "死亡",
    StopCause.MOVED_OUT: "迁出本地",
    StopCause.DUPLICATE: "重复享受",
    StopCause.INELIGIBLE: "不再符合条件",
}


@transaction.atomic
def benefit_stop(
    *, actor: User, enrolment: Enrolment, cause: str, event_on: dt.date, note: str = ""
) -> EnrolmentChange:
    """Stop from the month after the event (D7.3, D13.5): the enrolment ends then, and the
    payroll's stop sweep recovers whatever was paid for a month from then on."""
    if cause not in STOP_LABELS:
        raise ValidationError({"cause": "请选择停发原因"})
    if enrolment.status == EnrolmentStatus.ENDED:
        raise ValidationError({"cause": "该发放已终止"})
    if not actor.reaches(enrolment.household.area_id):
        raise ValidationError({"cause": "该对象不在您的管辖区域内"})
    effective = first_of_next_month(event_on)
    before = snapshot(enrolment)
    enrolment.status, enrolment.ends_on = EnrolmentStatus.ENDED, effective
    enrolment.save(update_fields=["status", "ends_on"])
    text = f"停发：{STOP_LABELS[cause]}（{event_on:%Y年%m月%d日}），{effective:%Y年%m月}起停发"
    change = EnrolmentChange.objects.create(
        enrolment=enrolment,
        kind=ChangeKind.TERMINATE,
        effective_on=effective,
        amount_before=amount_in(enrolment, event_on.replace(day=1)),
        amount_after=None,
        reasons=[text + (f"；{note}" if note else "")],
        decided_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=enrolment,
        area_code=enrolment.household.area_id,
        before=before,
        after=snapshot(enrolment),
        summary=text,
    )
    return change


def living_amount_in(grant: Grant, month: dt.date) -> Decimal:
    """The living subsidy of `month`: its share of the dibao standard in force then (D4.3,
    D1.18), rounded by the amount settings."""
    household = grant.enrolment.household
    params = parameters_in_force(household.area, month).params
    standard = params.dibao.standard(_area_class(household))
    return params.amount.round(apply_ratio(standard, Fraction(grant.ratio)))


def _area_class(household: Household) -> AreaClass:
    return AreaClass(household.area.urban_rural or AreaClass.URBAN.value)


def living_follow_standard(*, actor: User, prefix: str, month: dt.date) -> int:
    """Adjust every living subsidy in force under `prefix` in `month` to its share of the
    standard in force that month; returns the changes written (each audited)."""
    enrolments = in_force_query(prefix, month).filter(programme=LIVING)
    grants = Grant.objects.filter(enrolment__in=enrolments).select_related(
        "enrolment__household__area"
    )
    entries = []
    for grant in grants:
        enrolment = grant.enrolment
        amount = living_amount_in(grant, month)
        if amount == amount_in(enrolment, month) or not grant.ratio:
            continue
        share = percent_text(Fraction(grant.ratio))
        reason = f"D4.3 低保标准调整，生活补贴按低保标准的{share}调整为{amount}元/月"
        schedule_change(actor=actor, enrolment=enrolment, on=month, amount=amount, reason=reason)
        entries.append(
            Entry(
                action=AuditAction.UPDATE,
                obj=enrolment,
                area_code=enrolment.household.area_id,
                summary=f"生活补贴随低保标准调整：{month:%Y年%m月}起{amount}元/月",
            )
        )
    if entries:
        audit_record_many(actor=actor, entries=entries)
    return len(entries)
