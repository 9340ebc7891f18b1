"""Reviews of the benefits in payment (issue 19 item 4), like the dibao review (D1.16,
`assistance.services.enrolment`): the policy engine is re-run on the changed facts and
its answer compared with the amount in force. What changed starts it:

- **death** (the registry's life status, D13.5): a stop from the month after the death;
- **certificate expired** (D4.2): the third-generation certificate's expiry date has
  passed (the expiry date itself is still valid); the engine refuses, a stop from the
  month after the expiry;
- **grade or type change** (the registry's disability record, which the federation's
  certificate feed keeps): the engine on the new grade — an adjustment (the living
  subsidy's share, D4.3) or a stop (the care subsidy below its grades, D4.2);
- **assistance status change** (D4.1, D4.4: the household left or entered dibao, the
  person became 特困): the engine on the new status;
- **assessment expired** (D7.4): the care-service subsidy's assessment is past its
  validity; a stop from the month after.

The sweep only proposes (`BenefitReview`, workflow `benefits_review`); the county
confirms through the workflow engine, and only then is the change written: an adjust
change from the month after the confirmation (no back-pay, like the dibao review) or
the enrolment's end (the payroll's stop sweep recovers what was paid after it)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.assistance.entitlements import amount_in
from minzheng.assistance.models import Enrolment, EnrolmentStatus
from minzheng.assistance.policy import facts as pf
from minzheng.assistance.policy.benefit_vocabulary import AssistanceStatus
from minzheng.assistance.policy.dates import first_of_next_month
from minzheng.assistance.policy.rules import plain_message
from minzheng.assistance.policy.vocabulary import DisabilityType, Programme
from minzheng.assistance.policy_adapter import assess_in_area, member_id
from minzheng.benefits.certificates import certificate_in_force, expired, renewed_certificate
from minzheng.benefits.facts import application_facts, status_of
from minzheng.benefits.models import BenefitReview, Grant, ReviewProposal, ReviewTrigger
from minzheng.benefits.services.enrolment import StopCause, benefit_stop, schedule_change
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import AuditAction, LifeStatus, User
from minzheng.core.workflow.engine import transition

DISABILITY = (
    Programme.DISABILITY_LIVING_SUBSIDY.value,
    Programme.DISABILITY_CARE_SUBSIDY.value,
)
REVIEWED = (
    *DISABILITY,
    Programme.OLD_AGE_ALLOWANCE.value,
    Programme.ELDERLY_CARE_SERVICE_SUBSIDY.value,
)
REGISTRY_STATUSES = (AssistanceStatus.DIBAO.value, AssistanceStatus.EXTREME_POVERTY.value)


@dataclass
class Finding:
    """What the sweep found for one benefit: the trigger and the proposal."""

    trigger: str
    event_on: dt.date
    proposal: str
    amount_after: Decimal | None
    effective_on: dt.date
    ratio: str = ""
    basis: dict[str, object] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)


def _basis(grant: Grant) -> tuple[str, int | None, str]:
    """The type, grade and status the amount in force rests on."""
    app = grant.application
    kind = grant.disability_type or (app.disability_type if app else "")
    grade = grant.disability_grade or (app.disability_grade if app else None)
    status = grant.assistance_status or (app.assistance_status if app else "")
    return kind, grade, status or AssistanceStatus.NONE.value


def current_status(grant: Grant, day: dt.date) -> str:
    """The registry's status today (dibao household, 特困 person), else the status the
    township verified (the basis's or the application's when not a registry status)."""
    _, _, basis = _basis(grant)
    typed = basis
    if typed in REGISTRY_STATUSES:
        app = grant.application
        typed = app.assistance_status if app else AssistanceStatus.NONE.value
        if typed in REGISTRY_STATUSES:
            typed = AssistanceStatus.NONE.value
    household = grant.enrolment.household
    return status_of(household, grant.person, day, typed).value


def _disability_engine(
    grant: Grant, day: dt.date, kind: str, grade: int, status: str
) -> tuple[Decimal | None, str, list[str]]:
    """The engine's amount for this benefit on `day` with the new type, grade and status
    (None: not eligible), the living subsidy's ratio and the reasons about the person."""
    app = grant.application
    assert app is not None
    base = application_facts(app, day)
    applicant = member_id(app.person)
    members = tuple(
        replace(m, disability=pf.Disability(DisabilityType(kind), grade))
        if m.id == applicant
        else m
        for m in base.members
    )
    facts = replace(base, members=members, assistance_status=AssistanceStatus(status))
    assessment, _ = assess_in_area(facts, app.household.area)
    decision = assessment[Programme(grant.enrolment.programme)]
    amount = decision.member_amounts.get(applicant)
    ratio = str(decision.member_figures.get(applicant, {}).get("ratio", "") or "")
    reasons = []
    for item in decision.reasons:
        if item.member_id not in (applicant, None):
            continue
        text = plain_message(item)
        for member in assessment.household.members:
            text = text.replace(member.display, member.name)
        reasons.append(text)  # in words: the rule number is not shown on pages
    return amount, ratio, reasons


def _death(grant: Grant) -> Finding | None:
    person = grant.person
    if person.life_status != LifeStatus.DECEASED or person.death_date is None:
        return None
    died = person.death_date
    effective = first_of_next_month(died)
    text = f"D13.5 {person.name}于{died:%Y年%m月%d日}死亡，自{effective:%Y年%m月}起停发"
    return Finding(
        ReviewTrigger.DEATH, died, ReviewProposal.TERMINATE, None, effective, "", {}, [text]
    )


def _disability(grant: Grant, today: dt.date) -> Finding | None:
    app = grant.application
    if app is None:
        return None
    kind, grade, status = _basis(grant)
    person = grant.person
    new_kind, new_grade = kind, grade
    trigger, event_on = "", today
    if person.disability_grade and (person.disability_type, person.disability_grade) != (
        kind,
        grade,
    ):
        new_kind, new_grade = person.disability_type, person.disability_grade
        trigger = ReviewTrigger.GRADE_CHANGE
    new_status = current_status(grant, today)
    if not trigger and new_status != status:
        trigger = ReviewTrigger.STATUS_CHANGE
    held = certificate_in_force(app)
    if not trigger and held.expires_on is not None and expired(held, today):
        trigger, event_on = ReviewTrigger.CERTIFICATE_EXPIRED, held.expires_on
    if not trigger or new_grade is None:
        return None
    amount, ratio, reasons = _disability_engine(grant, today, new_kind, new_grade, new_status)
    basis = {"disability_type": new_kind, "disability_grade": new_grade, "status": new_status}
    month = today.replace(day=1)
    before = amount_in(grant.enrolment, month)
    if amount is None:
        effective = first_of_next_month(event_on)
        label = Programme(grant.enrolment.programme).label
        reasons.append(f"不再符合{label}条件，拟自{effective:%Y年%m月}起停发")
        return Finding(
            trigger, event_on, ReviewProposal.TERMINATE, None, effective, "", basis, reasons
        )
    if amount == before and (ratio or "") == (grant.ratio or ""):
        _rebase(grant, basis)  # the facts changed, the amount did not: nothing to propose
        return None
    effective = first_of_next_month(today)
    reasons.append(f"金额由{before}元/月调整为{amount}元/月，拟自{effective:%Y年%m月}起执行")
    return Finding(
        trigger, event_on, ReviewProposal.ADJUST, amount, effective, ratio, basis, reasons
    )


def _rebase(grant: Grant, basis: dict[str, object]) -> None:
    grant.disability_type = str(basis["disability_type"])
    grant.disability_grade = int(str(basis["disability_grade"]))
    grant.assistance_status = str(basis["status"])
    grant.save(update_fields=["disability_type", "disability_grade", "assistance_status"])


def _assessment(grant: Grant, today: dt.date) -> Finding | None:
    """D7.4: the care-service subsidy stops when its assessment is past its validity."""
    case = grant.care_application
    if case is None or case.assessment is None:
        return None
    until = case.assessment.valid_until
    if until >= today:
        return None
    effective = first_of_next_month(until)
    text = (
        f"D7.4 能力评估有效期至{until:%Y年%m月%d日}，已过期未重新评估，"
        f"拟自{effective:%Y年%m月}起停发"
    )
    return Finding(
        ReviewTrigger.ASSESSMENT_EXPIRED,
        until,
        ReviewProposal.TERMINATE,
        None,
        effective,
        "",
        {},
        [text],
    )


def find(grant: Grant, today: dt.date) -> Finding | None:
    """The review one benefit needs on `today`, if any (death first)."""
    found = _death(grant)
    if found is not None:
        return found
    programme = grant.enrolment.programme
    if programme in DISABILITY:
        return _disability(grant, today)
    if programme == Programme.ELDERLY_CARE_SERVICE_SUBSIDY.value:
        return _assessment(grant, today)
    return None


@transaction.atomic
def review_sweep(*, actor: User, prefix: str, today: dt.date) -> list[BenefitReview]:
    """Propose a review for every benefit in payment under `prefix` that needs one and
    has none open; each proposal is audited."""
    if not actor.reaches(prefix):
        raise ValidationError({"area": "该区划不在您的管辖区域内"})
    _lapse_renewed(actor, prefix, today)
    grants = (
        Grant.objects.filter(
            enrolment__household__area__code__startswith=prefix,
            enrolment__programme__in=REVIEWED,
        )
        .exclude(enrolment__status=EnrolmentStatus.ENDED)
        .exclude(enrolment__benefit_reviews__status="proposed")
        .select_related("enrolment__household__area", "person", "application__household")
        .order_by("id")
    )
    made = []
    for grant in grants:
        finding = find(grant, today)
        if finding is not None:
            made.append(_propose(actor, grant, finding, today))
    return made


def _lapse_renewed(actor: User, prefix: str, today: dt.date) -> None:
    """A pending review of an expired certificate whose renewal has since been recorded
    (D4.2) is closed through the engine, so the county is not asked to stop a benefit
    whose certificate is valid; the benefit is then swept like any other."""
    stale = BenefitReview.objects.filter(
        area__code__startswith=prefix,
        status="proposed",
        trigger=ReviewTrigger.CERTIFICATE_EXPIRED,
    ).order_by("id")
    for review in stale:
        held = renewed_certificate(review, today)
        if held is not None:
            until = f"{held.expires_on:%Y年%m月%d日}" if held.expires_on else "长期"
            transition(
                review, "lapse", actor, note=f"残疾人证已换发，有效期至{until}", today=today
            )
            review.refresh_from_db()
            review.decided_on = today
            review.save(update_fields=["decided_on"])


def _propose(actor: User, grant: Grant, finding: Finding, today: dt.date) -> BenefitReview:
    enrolment = grant.enrolment
    review = BenefitReview.objects.create(
        number=f"FH{today:%Y%m%d}{secrets.token_hex(3).upper()}",
        enrolment=enrolment,
        person=grant.person,
        area_id=enrolment.household.area_id,
        trigger=finding.trigger,
        event_on=finding.event_on,
        proposal=finding.proposal,
        amount_before=amount_in(enrolment, today.replace(day=1)),
        amount_after=finding.amount_after,
        effective_on=finding.effective_on,
        ratio=finding.ratio,
        basis=finding.basis,
        reasons=finding.reasons,
        proposed_on=today,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=review,
        area_code=review.area_id,
        summary=f"{review.number} 补贴复核：{review.get_trigger_display()}，"
        f"拟{review.get_proposal_display()}",
    )
    return review


def review_act(
    *, actor: User, review: BenefitReview, action: str, note: str = "", today: dt.date
) -> BenefitReview:
    """Confirm (write the change) or dismiss a proposed review, through the engine."""
    with transaction.atomic():
        transition(review, action, actor, note=note, today=today)
        review.refresh_from_db()
        review.decided_on = today
        review.save(update_fields=["decided_on"])
        if action == "confirm":
            _apply(actor, review, today)
        return review


def _apply(actor: User, review: BenefitReview, today: dt.date) -> None:
    enrolment = Enrolment.objects.select_related("household__area").get(pk=review.enrolment_id)
    note = "；".join(review.reasons)
    if review.proposal == ReviewProposal.TERMINATE:
        if enrolment.status == EnrolmentStatus.ENDED:
            return
        cause = StopCause.DEATH if review.trigger == ReviewTrigger.DEATH else StopCause.INELIGIBLE
        benefit_stop(
            actor=actor, enrolment=enrolment, cause=cause, event_on=review.event_on, note=note
        )
        return
    assert review.amount_after is not None
    on = max(review.effective_on, first_of_next_month(today))
    schedule_change(
        actor=actor, enrolment=enrolment, on=on, amount=review.amount_after, reason=note
    )
    grant = Grant.objects.get(enrolment=enrolment)
    before = snapshot(grant)
    if review.ratio:
        grant.ratio = review.ratio
        grant.save(update_fields=["ratio"])
    if review.basis:
        _rebase(grant, review.basis)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=enrolment,
        area_code=enrolment.household.area_id,
        before=before,
        after=snapshot(grant),
        summary=f"补贴复核确认：{on:%Y年%m月}起{review.amount_after}元/月",
    )
