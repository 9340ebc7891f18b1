"""Certificate numbers (unique; counted per registry, kind and year) and replacements."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, User
from minzheng.marriage.models import Certificate, Divorce, Kind, MarriageRegistration, Registry
from minzheng.marriage.services.common import authorize

PREFIX = {Kind.MARRIAGE: "J", Kind.DIVORCE: "L"}  # 结婚证 J…, 离婚证 L…


def certificate_number(registry: Registry, kind: str, year: int, sequence: int) -> str:
    return f"{PREFIX[Kind(kind)]}{registry.code}-{year}-{sequence:06d}"


def certificate_issue(
    *,
    actor: User,
    registry: Registry,
    kind: str,
    on: dt.date,
    registration: MarriageRegistration | None = None,
    divorce: Divorce | None = None,
    replaces: Certificate | None = None,
    reason: str = "",
) -> Certificate:
    """The next number of the registry's year, under a lock of the registry row (two
    desks never draw the same number; the unique constraints back it up)."""
    with transaction.atomic():
        Registry.objects.select_for_update().get(pk=registry.pk)
        last = Certificate.objects.filter(registry=registry, kind=kind, year=on.year).aggregate(
            n=Max("sequence")
        )["n"]
        sequence = (last or 0) + 1
        return Certificate.objects.create(
            kind=kind,
            number=certificate_number(registry, kind, on.year, sequence),
            registry=registry,
            year=on.year,
            sequence=sequence,
            issued_on=on,
            registration=registration,
            divorce=divorce,
            replaces=replaces,
            reason=reason,
            issued_by=actor,
        )


def certificate_replace(
    *, actor: User, certificate: Certificate, registry: Registry, reason: str, on: dt.date
) -> Certificate:
    """补领: a new certificate at any registry of the actor's area (D9.1), naming the
    one it replaces; a certificate already replaced cannot be replaced again."""
    authorize(actor, registry)
    if not reason.strip():
        raise ValidationError({"reason": "请填写补领原因"})
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if Certificate.objects.filter(replaces=locked).exists():
            raise ValidationError({"reason": f"证件{locked.number}已补发过，请补领现行证件"})
        new = certificate_issue(
            actor=actor,
            registry=registry,
            kind=locked.kind,
            on=on,
            registration=locked.registration,
            divorce=locked.divorce,
            replaces=locked,
            reason=reason,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=new,
            area_code=registry.area_id,
            summary=f"补发证件{new.number}（替代{locked.number}）：{reason}",
        )
    return new
