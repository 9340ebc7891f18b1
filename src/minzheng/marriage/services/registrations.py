"""Marriage registration (D9.1–D9.2): receive the couple's application with their signed
declaration, then register (the check passes on the day) or refuse with the rules."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, User
from minzheng.core.workflow.engine import transition
from minzheng.marriage.models import (
    Certificate,
    Kind,
    MarriageRegistration,
    Registry,
)
from minzheng.marriage.rules import Kinship, Outcome, check_marriage
from minzheng.marriage.services.certificates import certificate_issue
from minzheng.marriage.services.common import authorize, policy_on
from minzheng.marriage.services.facts import kinship_in_records, party_facts
from minzheng.marriage.services.status import status_record


def marriage_receive(
    *,
    actor: User,
    registry: Registry,
    party_a_name: str,
    party_a_id_number: str,
    party_b_name: str,
    party_b_id_number: str,
    declaration_signed: bool,
    today: dt.date,
) -> MarriageRegistration:
    """Record the application; both must have signed the declaration in person (D9.1)."""
    authorize(actor, registry)
    if not declaration_signed:
        raise ValidationError(
            {"declaration_signed": "须由双方亲自签署无配偶及无禁止结婚亲属关系的声明"}
        )
    a = party_facts("party_a_id_number", party_a_id_number, today)
    b = party_facts("party_b_id_number", party_b_id_number, today)
    if a.number == b.number:
        raise ValidationError({"party_b_id_number": "双方的公民身份号码不能相同"})
    with transaction.atomic():
        case = MarriageRegistration.objects.create(
            registry=registry,
            area_id=registry.area_id,
            received_by=actor,
            received_on=today,
            party_a_name=party_a_name,
            party_a_id_number=a.number,
            party_a=a.person,
            party_b_name=party_b_name,
            party_b_id_number=b.number,
            party_b=b.person,
            declaration_signed_at=timezone.now(),
            kinship=kinship_in_records(a.person, b.person),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=case,
            summary=f"受理结婚登记：{registry.name}",
        )
    return case


def marriage_check(case: MarriageRegistration, on: dt.date) -> Outcome:
    """The eligibility check on `on` from the records as they are now (rules.py)."""
    a = party_facts("party_a_id_number", case.party_a_id_number, on)
    b = party_facts("party_b_id_number", case.party_b_id_number, on)
    return check_marriage(
        a.party,
        b.party,
        on=on,
        policy=policy_on(on, case.registry.area),
        kinship=Kinship(case.kinship),
        registry_division=case.registry.area_id,
    )


def marriage_register(*, actor: User, case: MarriageRegistration, today: dt.date) -> Certificate:
    """Register and issue the certificate, or refuse to (the rules named on `party_a`)."""
    authorize(actor, case.registry)
    with transaction.atomic():
        outcome = marriage_check(case, today)
        transition(case, "register", actor, today=today, outcome=outcome)
        MarriageRegistration.objects.filter(pk=case.pk).update(registered_on=today)
        case.registered_on = today
        cert = certificate_issue(
            actor=actor, registry=case.registry, kind=Kind.MARRIAGE, on=today, registration=case
        )
        status_record(actor=actor, certificate=cert)
    return cert


def marriage_refuse(
    *, actor: User, case: MarriageRegistration, note: str, today: dt.date
) -> MarriageRegistration:
    """Refuse, recording the check's rule-cited reasons beside the registrar's note."""
    authorize(actor, case.registry)
    outcome = marriage_check(case, today)
    with transaction.atomic():
        transition(case, "refuse", actor, note=note, today=today)
        MarriageRegistration.objects.filter(pk=case.pk).update(check_reasons=outcome.text())
        case.check_reasons = outcome.text()
    return case
