"""Screening visit photos in the JSON API (/api/v1/screening/targets/{pk}/visits/
{visit_pk}/photos): the metadata of a visit's photos for whoever may read the target
(audited), and an upload (multipart: `title`, `file`) with the web form's checks
(core.visit_photos: JPEG or PNG by their first bytes, the size limit, at most 20, who
may record the visit while the campaign is active). Capability first (403), then scope
through the selectors (404); a bad field is a 422 naming it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status, UploadedFile

from minzheng.core.api.access import require
from minzheng.core.api.bounds import PathId
from minzheng.core.audit import audit_read
from minzheng.core.models import User
from minzheng.core.roles import Capability
from minzheng.core.views_photos import upload_attach
from minzheng.screening import selectors
from minzheng.screening.models import CampaignTarget, Visit, VisitPhoto
from minzheng.screening.services.visit_photos import PHOTOS

router = Router(tags=["screening"])


class PhotoOut(Schema):
    id: int
    visit_id: int
    title: str
    content_type: str
    size: int
    taken_by: str
    taken_at: dt.datetime
    file_url: str

    @staticmethod
    def of(p: VisitPhoto, target: CampaignTarget) -> PhotoOut:
        return PhotoOut(
            id=p.pk,
            visit_id=p.visit_id,
            title=p.title,
            content_type=p.content_type,
            size=p.size,
            taken_by=p.taken_by.username,
            taken_at=p.taken_at,
            file_url=f"/screening/targets/{target.pk}/photos/{p.pk}",
        )


def _visit(
    request: HttpRequest, capability: Capability, pk: int, visit_pk: int
) -> tuple[User, Visit]:
    user = require(request, capability)
    target = selectors.target_for_visit(user, pk)
    return user, get_object_or_404(target.visits.select_related("target"), pk=visit_pk)


@router.get(
    "/targets/{int:pk}/visits/{int:visit_pk}/photos",
    response=list[PhotoOut],
    summary="走访照片（元数据）",
)
def visit_photo_list(request: HttpRequest, pk: PathId, visit_pk: PathId) -> list[PhotoOut]:
    user, visit = _visit(request, Capability.VIEW_PERSONAL, pk, visit_pk)
    target = visit.target
    rows = list(visit.photos.select_related("taken_by").order_by("id"))
    audit_read(
        actor=user,
        obj=target,
        summary=f"查看走访照片清单 家庭{target.household.number}（{len(rows)}张）",
    )
    return [PhotoOut.of(p, target) for p in rows]


@router.post(
    "/targets/{int:pk}/visits/{int:visit_pk}/photos",
    response={201: PhotoOut},
    summary="上传走访照片（multipart：title、file；JPEG或PNG）",
)
def visit_photo_create(
    request: HttpRequest,
    pk: PathId,
    visit_pk: PathId,
    title: Form[str],
    file: File[UploadedFile | None] = None,  # optional here: its absence named below
) -> Status:
    user, visit = _visit(request, Capability.EDIT_PERSONAL, pk, visit_pk)
    if file is None:
        raise ValidationError({"file": "请选择要上传的照片"})
    photo = upload_attach(user, visit, PHOTOS, title=title, upload=file)
    return Status(201, PhotoOut.of(photo, visit.target))  # type: ignore[arg-type]
