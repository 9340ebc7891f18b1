"""The old-age allowance's administration (D7.3): a monthly batch proposes the residents
who reached the first band, the caseworker confirms (an enrolment from the month after
the 80th birthday, the later bands scheduled from the month after those birthdays,
without back-pay of a difference), proofs of life at a configured interval (a missed one
suspends payment, a late one resumes it and the payroll pays the suspended months)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.assistance.models import Enrolment, EnrolmentStatus
from minzheng.assistance.policy.dates import add_months, first_of_next_month
from minzheng.assistance.policy.engine import assess
from minzheng.assistance.policy.vocabulary import Programme
from minzheng.assistance.policy_adapter import member_id, parameters_in_force
from minzheng.benefits.facts import person_facts
from minzheng.benefits.models import LifeCheck, OldAgeProposal, ProposalStatus, Suspension
from minzheng.benefits.proof_of_life import PROOF_KEY, checks_due
from minzheng.benefits.services.enrolment import benefit_enrol, schedule_change
from minzheng.core.audit import Entry, audit_record, audit_record_many
from minzheng.core.config import config_int
from minzheng.core.models import (
    Area,
    AuditAction,
    Household,
    HouseholdMembership,
    LifeStatus,
    Person,
    User,
)

OLD_AGE = Programme.OLD_AGE_ALLOWANCE


def birthday(person: Person, age: int) -> dt.date:
    born = person.birth_date
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # born 29 February: the birthday is 1 March in other years
        return dt.date(born.year + age, 3, 1)


def amount_on(household: Household, person: Person, month: dt.date) -> Decimal | None:
    """The engine's old-age amount for the person in `month` (None: not eligible)."""
    params = parameters_in_force(household.area, month).params
    decision = assess(person_facts(household, person, month), params)[OLD_AGE]
    return decision.member_amounts.get(member_id(person))


def _candidates(prefix: str, month: dt.date, first_age: int) -> list[HouseholdMembership]:
    cutoff_day = month - dt.timedelta(days=1)  # ages completed by the month before
    try:
        cutoff = cutoff_day.replace(year=cutoff_day.year - first_age)
    except ValueError:
        cutoff = dt.date(cutoff_day.year - first_age, 2, 28)
    enrolled = Enrolment.objects.filter(programme=OLD_AGE.value).exclude(
        status=EnrolmentStatus.ENDED
    )
    pending = OldAgeProposal.objects.filter(status=ProposalStatus.PROPOSED)
    return list(
        HouseholdMembership.objects.filter(
            household__area__code__startswith=prefix,
            valid_from__lte=month,
            person__birth_date__lte=cutoff,
            person__life_status=LifeStatus.ALIVE,
        )
        .exclude(valid_to__lt=month)
        .exclude(person__in=enrolled.values("application__applicant"))
        .exclude(person__in=pending.values("person"))
        .select_related("person", "household__area")
        .order_by("person__birth_date", "id")
    )


@transaction.atomic
def old_age_propose(
    *, actor: User, month: dt.date, prefix: str | None = None
) -> list[OldAgeProposal]:
    """The month's batch for the actor's area (or `prefix`, beneath it): everyone alive
    who has completed the first band's age by the end of the month before and is neither
    enrolled nor proposed."""
    prefix = prefix or actor.scope_prefix
    if not actor.reaches(prefix):
        raise ValidationError({"area": "该区划不在您的管辖区域内"})
    month = month.replace(day=1)
    area = Area.objects.get(code=prefix)
    first_age = parameters_in_force(area, month).params.old_age.age_first
    made = []
    for row in _candidates(prefix, month, first_age):
        person, household = row.person, row.household
        amount = amount_on(household, person, month)
        if amount is None:
            continue
        made.append(
            OldAgeProposal.objects.create(
                person=person,
                household=household,
                area_id=household.area_id,
                batch_month=month,
                eligible_from=first_of_next_month(birthday(person, first_age)),
                amount=amount,
            )
        )
    audit_record_many(
        actor=actor,
        entries=[
            Entry(
                action=AuditAction.CREATE,
                obj=p,
                area_code=p.area_id,
                summary=f"高龄津贴批次{month:%Y年%m月}：拟纳入，{p.eligible_from:%Y年%m月}起",
            )
            for p in made
        ],
    )
    return made


def _open(actor: User, proposal: OldAgeProposal) -> None:
    if not actor.reaches(proposal.area_id):
        raise ValidationError({"note": "该对象不在您的管辖区域内"})
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError({"note": "该名单已处理"})


@transaction.atomic
def old_age_confirm(*, actor: User, proposal: OldAgeProposal, today: dt.date) -> Enrolment:
    """Enrol from the month after the 80th birthday; each later band from the month after
    its birthday (no back-pay of the difference, D7.3); the confirmation is a proof of life."""
    _open(actor, proposal)
    person, household = proposal.person, proposal.household
    if person.life_status == LifeStatus.DECEASED:
        raise ValidationError({"note": "该人员已故，不能纳入"})
    params = parameters_in_force(household.area, today).params.old_age
    starts = proposal.eligible_from
    amount = amount_on(household, person, starts)
    if amount is None:
        raise ValidationError({"note": "经测算不符合高龄津贴条件"})
    review = add_months(today, config_int(PROOF_KEY, on=today, area=household.area))
    reasons = [f"年满{params.age_first}周岁，{starts:%Y年%m月}起发放高龄津贴{amount}元/月"]
    enrolment = benefit_enrol(
        actor=actor,
        household=household,
        person=person,
        programme=OLD_AGE.value,
        amount=amount,
        starts_on=starts,
        next_review_on=review,
        reasons=reasons,
    )
    for age in (params.age_second, params.age_third):
        month = first_of_next_month(birthday(person, age))
        later = amount_on(household, person, month) if month > starts else None
        if later is not None and later != amount:
            text = f"D7.3 年满{age}周岁，{month:%Y年%m月}起按新档发放{later}元/月，差额不补发"
            schedule_change(actor=actor, enrolment=enrolment, on=month, amount=later, reason=text)
            amount = later
    LifeCheck.objects.create(
        enrolment=enrolment, checked_on=today, method="纳入时核实", recorded_by=actor
    )
    proposal.status, proposal.decided_by, proposal.decided_on = (
        ProposalStatus.CONFIRMED,
        actor,
        today,
    )
    proposal.save(update_fields=["status", "decided_by", "decided_on"])
    return enrolment


@transaction.atomic
def old_age_dismiss(*, actor: User, proposal: OldAgeProposal, note: str, today: dt.date) -> None:
    _open(actor, proposal)
    if not note.strip():
        raise ValidationError({"note": "请填写不予纳入的理由"})
    proposal.status, proposal.note = ProposalStatus.DISMISSED, note.strip()
    proposal.decided_by, proposal.decided_on = actor, today
    proposal.save(update_fields=["status", "note", "decided_by", "decided_on"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=proposal,
        area_code=proposal.area_id,
        summary=f"高龄津贴不予纳入：{proposal.note}",
    )


@transaction.atomic
def life_check_record(
    *, actor: User, enrolment: Enrolment, checked_on: dt.date, method: str
) -> LifeCheck:
    """A proof of life; a late one lifts the suspension, and the payroll then pays the
    suspended months as arrears (D7.3)."""
    if not actor.reaches(enrolment.household.area_id):
        raise ValidationError({"checked_on": "该对象不在您的管辖区域内"})
    if enrolment.programme != OLD_AGE.value or enrolment.status == EnrolmentStatus.ENDED:
        raise ValidationError({"checked_on": "只能为在发的高龄津贴对象登记生存认证"})
    check = LifeCheck.objects.create(
        enrolment=enrolment,
        checked_on=checked_on,
        method=method.strip() or "现场认证",
        recorded_by=actor,
    )
    summary = f"生存认证（{check.method}）"
    suspended = enrolment.suspensions.filter(resumed_on__isnull=True).first()
    if suspended is not None:
        suspended.resumed_on = checked_on
        suspended.save(update_fields=["resumed_on"])
        enrolment.ends_on = None
        enrolment.save(update_fields=["ends_on"])
        summary += f"，恢复发放并补发{suspended.from_month:%Y年%m月}起暂停的津贴"
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=enrolment,
        area_code=enrolment.household.area_id,
        summary=summary,
    )
    return check


@transaction.atomic
def life_checks_sweep(*, actor: User, prefix: str, today: dt.date) -> list[Suspension]:
    """Suspend every old-age allowance under `prefix` whose proof of life is overdue:
    nothing is paid from the month after the due date (D7.3)."""
    rows = (
        Enrolment.objects.within_prefix(prefix)
        .filter(programme=OLD_AGE.value, ends_on__isnull=True)
        .exclude(status=EnrolmentStatus.ENDED)
    )
    made = []
    for enrolment, due in checks_due(rows):
        if due >= today:
            continue
        start = first_of_next_month(due)
        made.append(Suspension.objects.create(enrolment=enrolment, due_on=due, from_month=start))
        enrolment.ends_on = start
        enrolment.save(update_fields=["ends_on"])
    audit_record_many(
        actor=actor,
        entries=[
            Entry(
                action=AuditAction.UPDATE,
                obj=s.enrolment,
                area_code=s.enrolment.household.area_id,
                summary=f"逾期未生存认证（应于{s.due_on:%Y年%m月%d日}前），"
                f"{s.from_month:%Y年%m月}起暂停发放",
            )
            for s in made
        ],
    )
    return made
