"""The materials checklist (D1.5): listed once in full, grown by additions, each item
received and optionally attached as a scan. Scans are personal data: stored under
MINZHENG_VAR_DIR/materials (never static), limited in size and type, audited."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.assistance.models import Application, CaseMaterial, MaterialSource
from minzheng.assistance.services.common import authorize, today_or
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import AuditAction, User
from minzheng.core.visit_photos import checked_upload

SCAN_TYPES = {"application/pdf", "image/jpeg", "image/png"}  # told by their first bytes


def materials_dir() -> Path:
    return Path(settings.VAR_DIR) / "materials"


def materials_list(
    *, application: Application, titles: list[tuple[str, str]], source: str, on: dt.date
) -> list[CaseMaterial]:
    """Add (code, title) items not yet on the list; nothing listed is ever removed."""
    have = set(application.materials.values_list("title", flat=True))
    new = [
        CaseMaterial(application=application, code=code, title=title, source=source, listed_on=on)
        for code, title in dict.fromkeys(titles)
        if title not in have
    ]
    return CaseMaterial.objects.bulk_create(new)


def outstanding_titles(application: Application) -> list[str]:
    return list(application.materials.filter(received_on=None).values_list("title", flat=True))


@transaction.atomic
def material_receive(
    *, actor: User, material: CaseMaterial, today: dt.date | None = None
) -> CaseMaterial:
    application = material.application
    authorize(actor, application)
    if material.received_on is not None:
        raise ValidationError({"material": "该材料已登记收到"})
    material.received_on, material.received_by = today_or(today), actor
    material.save(update_fields=["received_on", "received_by"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=material,
        area_code=application.area_id,
        after=snapshot(material),
        summary=f"{application.number} 收到材料：{material.title[:60]}",
    )
    return material


@transaction.atomic
def material_attach(
    *,
    actor: User,
    material: CaseMaterial,
    file_name: str,
    content: bytes,
    today: dt.date | None = None,
) -> CaseMaterial:
    """Store the scan; attaching also marks the item received."""
    application = material.application
    authorize(actor, application)
    content_type, extension = checked_upload(
        content, noun="文件", types=SCAN_TYPES, refused="只能上传PDF、JPEG或PNG格式的扫描件"
    )
    relative = f"{application.pk}/{secrets.token_hex(12)}.{extension}"
    target = materials_dir() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    material.stored_as, material.file_name = relative, Path(file_name).name[:200]
    material.content_type, material.size, material.attached_by = content_type, len(content), actor
    if material.received_on is None:
        material.received_on, material.received_by = today_or(today), actor
    material.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=material,
        area_code=application.area_id,
        after=snapshot(material),
        summary=f"{application.number} 上传材料扫描件：{material.title[:60]}",
    )
    return material


def material_content(*, actor: User, material: CaseMaterial) -> bytes:
    """The scan's bytes for a user the caller has checked reaches the case; the read is
    audited."""
    if not material.stored_as:
        raise ValidationError({"file": "该材料没有扫描件"})
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        obj=material,
        area_code=material.application.area_id,
        summary=f"查看材料扫描件：{material.title[:60]}",
    )
    return (materials_dir() / material.stored_as).read_bytes()


def materials_request_list(application: Application, added: list[str], on: dt.date) -> list[str]:
    """D1.5: the notice lists every item still outstanding, the added ones appended."""
    materials_list(
        application=application,
        titles=[("", t) for t in added],
        source=MaterialSource.ADDED,
        on=on,
    )
    return outstanding_titles(application)
