"""Recording a renewed disability certificate (D4.2, 换发第三代残疾人证): the new expiry
date, and the type or grade when the re-assessment changed them — written to the
registry (`core.services.person_update`, audited), so that the review sweep proposes
the grade change (docs/benefits.md, Reviews). A pending review of the old
certificate's expiry is closed by the next sweep (`reviews.review_sweep`)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minzheng.assistance.policy.benefit_vocabulary import CertificateGeneration
from minzheng.benefits.certificates import RECORDERS
from minzheng.benefits.models import CertificateRenewal
from minzheng.benefits.services.disability import _household_of
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import AuditAction, Person, User
from minzheng.core.services import person_update

NOT_FOUND = "未找到该人员"


def _check_dates(
    generation: str, issued_on: dt.date, expires_on: dt.date | None, today: dt.date
) -> None:
    if issued_on > today:
        raise ValidationError({"issued_on": "签发日期不能晚于今天"})
    if generation == CertificateGeneration.THIRD and expires_on is None:
        raise ValidationError({"expires_on": "第三代残疾人证须填写有效期至"})
    if expires_on is not None and expires_on < issued_on:
        raise ValidationError({"expires_on": "有效期至不能早于签发日期"})
    if expires_on is not None and expires_on < today:
        raise ValidationError({"expires_on": "有效期至早于今天，证件已过期，请核对换发后的证件"})


@transaction.atomic
def certificate_renew(
    *,
    actor: User,
    person: Person,
    generation: str,
    disability_type: str,
    disability_grade: int,
    issued_on: dt.date,
    expires_on: dt.date | None,
    today: dt.date,
) -> CertificateRenewal:
    """Record the certificate shown for a person of the actor's area; audited."""
    if actor.role not in RECORDERS:
        raise PermissionDenied("残疾人证由受理、审核申请的社区和乡镇登记")
    household = _household_of(person, today)
    if not actor.reaches(household.area_id):
        raise ValidationError({"person": NOT_FOUND})
    generation = CertificateGeneration(generation).value
    _check_dates(generation, issued_on, expires_on, today)
    renewal = CertificateRenewal.objects.create(
        person=person,
        area_id=household.area_id,
        generation=generation,
        disability_type=disability_type,
        disability_grade=disability_grade,
        issued_on=issued_on,
        expires_on=expires_on,
        recorded_on=today,
        recorded_by=actor,
    )
    if (person.disability_type, person.disability_grade) != (disability_type, disability_grade):
        person_update(
            actor=actor,
            person=person,
            disability_type=disability_type,
            disability_grade=disability_grade,
        )
    until = f"，有效期至{expires_on:%Y年%m月%d日}" if expires_on else ""
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=renewal,
        area_code=household.area_id,
        after=snapshot(renewal),
        summary=f"登记{person.name}换发的残疾人证：{renewal.get_disability_type_display()}"
        f"{disability_grade}级{until}",
    )
    return renewal
