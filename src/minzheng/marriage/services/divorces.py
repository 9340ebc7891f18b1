"""Divorce by agreement (D9.3–D9.4): receive the application with the written agreement,
compute both period ends in calendar days, withdraw, register, or lapse."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from minzheng.core import workdays
from minzheng.core.audit import audit_record
from minzheng.core.config import config_int
from minzheng.core.models import AuditAction, User
from minzheng.core.workflow.engine import transition
from minzheng.marriage.models import (
    Certificate,
    Divorce,
    Kind,
    MarriageRegistration,
    Registry,
)
from minzheng.marriage.periods import DivorcePeriods, divorce_periods
from minzheng.marriage.services.certificates import certificate_issue
from minzheng.marriage.services.common import authorize
from minzheng.marriage.services.facts import party_facts
from minzheng.marriage.services.status import status_record


def periods_for(received_on: dt.date, registry: Registry) -> DivorcePeriods:
    """D9.4: calendar days, the settings in force on the day of receipt."""
    area = registry.area
    return divorce_periods(
        received_on,
        config_int("marriage.divorce.cooling_off_days", on=received_on, area=area),
        config_int("marriage.divorce.window_days", on=received_on, area=area),
        workdays.get_calendar().is_working_day,
    )


def _agreement(children: str, property_: str, debts: str) -> None:
    missing = {
        name: f"离婚协议须写明{label}"
        for name, label, text in (
            ("agreement_children", "子女抚养", children),
            ("agreement_property", "财产处理", property_),
            ("agreement_debts", "债务处理", debts),
        )
        if not text.strip()
    }
    if missing:
        raise ValidationError(missing)


def divorce_receive(
    *,
    actor: User,
    registry: Registry,
    party_a_name: str,
    party_a_id_number: str,
    party_b_name: str,
    party_b_id_number: str,
    marriage_certificate_number: str,
    agreement_children: str,
    agreement_property: str,
    agreement_debts: str,
    today: dt.date,
) -> Divorce:
    """Receive the application (D9.3) and fix both end dates (D9.4) on the day."""
    authorize(actor, registry)
    _agreement(agreement_children, agreement_property, agreement_debts)
    a = party_facts("party_a_id_number", party_a_id_number, today)
    b = party_facts("party_b_id_number", party_b_id_number, today)
    marriage = MarriageRegistration.objects.filter(
        Q(party_a_id_number=a.number, party_b_id_number=b.number)
        | Q(party_a_id_number=b.number, party_b_id_number=a.number),
        status="registered",
        dissolved_on__isnull=True,
    ).first()
    periods = periods_for(today, registry)
    with transaction.atomic():
        case = Divorce.objects.create(
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
            marriage=marriage,
            marriage_certificate_number=marriage_certificate_number,
            agreement_children=agreement_children,
            agreement_property=agreement_property,
            agreement_debts=agreement_debts,
            cooling_off_ends_on=periods.cooling_off_ends_on,
            window_ends_on=periods.window_ends_on,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=case,
            summary=f"受理离婚登记：冷静期至{periods.cooling_off_ends_on.isoformat()}，"
            f"申领至{periods.window_ends_on.isoformat()}",
        )
    return case


def _close(case: Divorce, today: dt.date, **fields: object) -> None:
    Divorce.objects.filter(pk=case.pk).update(closed_on=today, **fields)
    case.closed_on = today
    for name, value in fields.items():
        setattr(case, name, value)


def divorce_withdraw(
    *, actor: User, case: Divorce, party: str, note: str, today: dt.date
) -> Divorce:
    """Either party withdraws during the cooling-off period (D9.3)."""
    authorize(actor, case.registry)
    with transaction.atomic():
        transition(case, "withdraw", actor, note=note, today=today, party=party)
        _close(case, today, withdrawn_by=party)
    return case


def divorce_register(
    *, actor: User, case: Divorce, both_present: bool, today: dt.date
) -> Certificate:
    """Both parties in person within the window: the divorce certificate; the marriage
    is dissolved and both parties' status recorded."""
    authorize(actor, case.registry)
    with transaction.atomic():
        transition(case, "register", actor, today=today, both_present=both_present)
        _close(case, today)
        if case.marriage_id is not None:
            MarriageRegistration.objects.filter(pk=case.marriage_id).update(dissolved_on=today)
        cert = certificate_issue(
            actor=actor, registry=case.registry, kind=Kind.DIVORCE, on=today, divorce=case
        )
        status_record(actor=actor, certificate=cert)
    return cert


def divorce_refuse(*, actor: User, case: Divorce, note: str, today: dt.date) -> Divorce:
    """D9.3: e.g. a party lacks full civil capacity, or the marriage was not registered
    in the mainland; the reason is the note."""
    authorize(actor, case.registry)
    with transaction.atomic():
        transition(case, "refuse", actor, note=note, today=today)
        _close(case, today)
    return case


def divorces_lapse(*, actor: User, today: dt.date) -> list[Divorce]:
    """The daily job: every application whose window ended before `today` is deemed
    withdrawn (D9.3), as `actor`, within the actor's area."""
    due = Divorce.objects.filter(status="applied", window_ends_on__lt=today).within_prefix(
        actor.scope_prefix
    )
    lapsed = []
    for case in due.select_related("registry"):
        with transaction.atomic():
            transition(
                case, "lapse", actor, today=today, note="冷静期届满后未在期限内申领，视为撤回"
            )
            _close(case, today)
        lapsed.append(case)
    return lapsed
