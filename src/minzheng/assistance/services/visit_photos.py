"""Photos of documents taken at a home visit (issue 15 item 5; D1.6): attached by those
who may record the visit, while the investigation is open, JPEG or PNG recognised by
their first bytes, within the scan size limit, at most MAX_PHOTOS per visit; every
upload and every view audited."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.assistance.models import HomeVisit, HomeVisitPhoto
from minzheng.assistance.services.common import authorize
from minzheng.assistance.services.materials import SIGNATURES, max_upload_bytes
from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, User
from minzheng.core.text import clean_text

MAX_PHOTOS = 20  # per visit: a household's documents, not an album
PHOTO_TYPES = {"image/jpeg", "image/png"}


def photos_dir() -> Path:
    return Path(settings.VAR_DIR) / "visits"


def _photo_kind(head: bytes) -> tuple[str, str]:
    for signature, (content_type, extension) in SIGNATURES.items():
        if head.startswith(signature) and content_type in PHOTO_TYPES:
            return content_type, extension
    raise ValidationError({"file": "只能上传JPEG或PNG格式的照片"})


@transaction.atomic
def visit_photo_attach(
    *, actor: User, visit: HomeVisit, title: str, file_name: str, content: bytes
) -> HomeVisitPhoto:
    application = visit.application
    authorize(actor, application, "home_visit")
    title = clean_text(title, label="拍摄的材料", max_length=100)
    if not title:
        raise ValidationError({"title": "请填写照片拍摄的是什么材料"})
    if not content:
        raise ValidationError({"file": "请选择要上传的照片"})
    limit = max_upload_bytes()
    if len(content) > limit:
        raise ValidationError({"file": f"照片不能超过{limit // (1024 * 1024)}MB"})
    content_type, extension = _photo_kind(content[:16])
    if visit.photos.count() >= MAX_PHOTOS:
        raise ValidationError({"file": f"每次入户调查最多上传{MAX_PHOTOS}张照片"})
    relative = f"{application.pk}/{secrets.token_hex(12)}.{extension}"
    target = photos_dir() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    photo = HomeVisitPhoto.objects.create(
        visit=visit,
        title=title,
        stored_as=relative,
        file_name=Path(file_name).name[:200],
        content_type=content_type,
        size=len(content),
        taken_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=photo,
        area_code=application.area_id,
        summary=f"{application.number} 入户调查照片：{title}",
    )
    return photo


def visit_photo_content(*, actor: User, photo: HomeVisitPhoto) -> bytes:
    """The photo's bytes for a user the caller has checked reaches the case; audited."""
    application = photo.visit.application
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        obj=photo,
        area_code=application.area_id,
        summary=f"查看入户调查照片：{application.number} {photo.title}",
    )
    return (photos_dir() / photo.stored_as).read_bytes()
