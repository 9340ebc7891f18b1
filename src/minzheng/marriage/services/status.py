"""A person's marital status, kept as history on the registry's person (never edited)."""

from __future__ import annotations

import datetime as dt

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, Person, User
from minzheng.marriage.models import (
    Divorce,
    MaritalStatus,
    MaritalStatusChange,
    MarriageRegistration,
    Registry,
)


def status_record(
    *,
    actor: User,
    person: Person | None,
    status: str,
    on: dt.date,
    registry: Registry,
    certificate_number: str = "",
    registration: MarriageRegistration | None = None,
    divorce: Divorce | None = None,
) -> MaritalStatusChange | None:
    """Append a status to the person's history (nothing when the platform has no record
    of the person: a party may live anywhere, D9.1)."""
    if person is None:
        return None
    change = MaritalStatusChange.objects.create(
        person=person,
        status=status,
        effective_on=on,
        registration=registration,
        divorce=divorce,
        certificate_number=certificate_number,
        registry_name=registry.name,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=person,
        summary=f"婚姻状况：{MaritalStatus(status).label}（{on.isoformat()}，{registry.name}）",
        after={"marital_status": status, "effective_on": on.isoformat()},
    )
    return change


def status_history(person: Person) -> list[MaritalStatusChange]:
    return list(MaritalStatusChange.objects.filter(person=person).order_by("-effective_on", "-id"))
