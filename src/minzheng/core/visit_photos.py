"""Photos of documents taken at a visit (issue 15 item 5), for every domain that visits
(assistance's home visit, warning's lead verification, screening's visit): JPEG or PNG
recognised by their first bytes, within the scan size limit (MINZHENG_MATERIAL_MAX_BYTES),
a title saying what was photographed, at most MAX_PHOTOS per visit; stored under
MINZHENG_VAR_DIR/visits/<domain>/<case>/ (never static); every upload, view and removal
audited (a removed photo's file goes after the commit). Who may attach or remove is the
domain's rule (the one that records the visit), checked by the domain's `VisitPhotos`
before it stores or removes anything."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, User
from minzheng.core.models.photos import VisitPhotoBase
from minzheng.core.text import clean_text

MAX_PHOTOS = 20  # per visit: a household's documents, not an album
PHOTO_TYPES = {"image/jpeg", "image/png"}
# Scans and photos, told by their first bytes (never by the name or the browser's type).
SIGNATURES = {
    b"%PDF-": ("application/pdf", "pdf"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
}
P = TypeVar("P", bound=VisitPhotoBase)


def max_upload_bytes() -> int:
    return int(getattr(settings, "MINZHENG_MATERIAL_MAX_BYTES", 10 * 1024 * 1024))


def photos_dir() -> Path:
    return Path(settings.VAR_DIR) / "visits"


@dataclass(frozen=True)
class PhotoOf:
    """What a photo documents: the domain (its folder), the case (folder beneath and
    number in the audit trail), the case's area, and the visit's name in messages."""

    domain: str  # "assistance", "warning", "screening"
    case_key: str  # the case's id: one folder per case
    case_number: str  # as the audit trail names the case
    area_code: str
    label: str  # "入户调查", "线索核实", "走访"


def checked_upload(content: bytes, *, noun: str, types: set[str], refused: str) -> tuple[str, str]:
    """(content type, extension) of an upload within the size limit whose first bytes
    are of one of `types`; else the file field's error (`noun`: 照片, 文件)."""
    if not content:
        raise ValidationError({"file": f"请选择要上传的{noun}"})
    limit = max_upload_bytes()
    if len(content) > limit:
        raise ValidationError({"file": f"{noun}不能超过{limit // (1024 * 1024)}MB"})
    for signature, (content_type, extension) in SIGNATURES.items():
        if content.startswith(signature) and content_type in types:
            return content_type, extension
    raise ValidationError({"file": refused})


def photo_checked(*, title: str, content: bytes, taken: int, label: str) -> tuple[str, str, str]:
    """(title, content type, extension) of an acceptable photo, or the field's error;
    `taken` is how many photos the visit already has."""
    try:
        title = clean_text(title, label="拍摄的材料", max_length=100)
    except ValidationError as exc:  # named, for callers without a form (the API)
        raise ValidationError({"title": exc.messages}) from exc
    if not title:
        raise ValidationError({"title": "请填写照片拍摄的是什么材料"})
    content_type, extension = checked_upload(
        content, noun="照片", types=PHOTO_TYPES, refused="只能上传JPEG或PNG格式的照片"
    )
    if taken >= MAX_PHOTOS:
        raise ValidationError({"file": f"每次{label}最多上传{MAX_PHOTOS}张照片"})
    return title, content_type, extension


@transaction.atomic
def photo_attach(
    *,
    actor: User,
    model: type[P],
    visit: models.Model,
    of: PhotoOf,
    title: str,
    file_name: str,
    content: bytes,
) -> P:
    """Check, store and record one photo of `visit`; the caller has authorised `actor`."""
    taken = model._default_manager.filter(visit=visit).count()
    title, content_type, extension = photo_checked(
        title=title, content=content, taken=taken, label=of.label
    )
    relative = f"{of.domain}/{of.case_key}/{secrets.token_hex(12)}.{extension}"
    target = photos_dir() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    photo = model._default_manager.create(
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
        area_code=of.area_code,
        summary=f"{of.case_number} {of.label}照片：{title}",
    )
    return photo


@transaction.atomic
def photo_delete(*, actor: User, photo: VisitPhotoBase, of: PhotoOf) -> None:
    """Remove a photo the caller has authorised `actor` to remove (who may write the
    visit, while its case is open): the row and an audit entry now, the file once the
    transaction commits (a rolled-back removal keeps both)."""
    stored = photos_dir() / photo.stored_as
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=photo,
        area_code=of.area_code,
        summary=f"{of.case_number} 删除{of.label}照片：{photo.title}",
    )
    photo.delete()
    transaction.on_commit(lambda: stored.unlink(missing_ok=True))


def photo_content(*, actor: User, photo: VisitPhotoBase, of: PhotoOf) -> bytes:
    """The photo's bytes for a user the caller has checked reaches the case; audited."""
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        obj=photo,
        area_code=of.area_code,
        summary=f"查看{of.label}照片：{of.case_number} {photo.title}",
    )
    return (photos_dir() / photo.stored_as).read_bytes()


@dataclass(frozen=True)
class VisitPhotos(Generic[P]):
    """One domain's visit photos: its concrete model, what a visit's photos document
    (`of`), and who may attach one to a visit or remove one (`authorize` raises
    PermissionDenied: the rule that records the visit, while its case is open)."""

    model: type[P]
    of: Callable[[Any], PhotoOf]  # the visit → what its photos document
    authorize: Callable[[User, Any], None]  # (actor, visit)

    def attach(
        self, *, actor: User, visit: models.Model, title: str, file_name: str, content: bytes
    ) -> P:
        self.authorize(actor, visit)
        return photo_attach(
            actor=actor, model=self.model, visit=visit, of=self.of(visit),
            title=title, file_name=file_name, content=content,
        )  # fmt: skip

    def delete(self, *, actor: User, photo: P) -> None:
        visit = photo.visit  # type: ignore[attr-defined]
        self.authorize(actor, visit)
        photo_delete(actor=actor, photo=photo, of=self.of(visit))

    def content(self, *, actor: User, photo: P) -> bytes:
        """The photo's bytes for a user the caller has checked reaches the case; audited."""
        return photo_content(actor=actor, photo=photo, of=self.of(photo.visit))  # type: ignore[attr-defined]
