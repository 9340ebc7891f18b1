"""A person's marital status, kept as history on the registry's person (never edited)."""

from __future__ import annotations

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, Person, User
from minzheng.marriage.models import Certificate, Kind, MaritalStatus, MaritalStatusChange


def status_record(*, actor: User, certificate: Certificate) -> list[MaritalStatusChange]:
    """Both parties' new status on the day a certificate is issued (married, or divorced),
    appended to the history of each party the platform holds (a party may live
    anywhere, D9.1: nothing is recorded for someone without a record here)."""
    case = certificate.registration or certificate.divorce
    assert case is not None
    married = certificate.kind == Kind.MARRIAGE
    status = MaritalStatus.MARRIED if married else MaritalStatus.DIVORCED
    changes = []
    for person in (p for p in (case.party_a, case.party_b) if p is not None):
        changes.append(
            MaritalStatusChange.objects.create(
                person=person,
                status=status,
                effective_on=certificate.issued_on,
                registration=certificate.registration,
                divorce=certificate.divorce,
                certificate_number=certificate.number,
                registry_name=certificate.registry.name,
                recorded_by=actor,
            )
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=person,
            summary=f"婚姻状况：{status.label}（{certificate.issued_on.isoformat()}，"
            f"{certificate.registry.name}）",
            after={"marital_status": str(status), "effective_on": str(certificate.issued_on)},
        )
    return changes


def status_history(person: Person) -> list[MaritalStatusChange]:
    return list(MaritalStatusChange.objects.filter(person=person).order_by("-effective_on", "-id"))
