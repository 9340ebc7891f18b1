"""The web side of visit photos (issue 15 item 5), shared by the domains' visit pages:
the upload form (a phone's camera: `capture="environment"`, core/_visit_photos.html),
parsing an upload into the domain's `VisitPhotos`, serving and removing a photo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from minzheng.core.models import User
from minzheng.core.models.photos import VisitPhotoBase
from minzheng.core.responses import redirect_after_post
from minzheng.core.text import TextFormField
from minzheng.core.visit_photos import VisitPhotos, max_upload_bytes


class VisitPhotoForm(forms.Form):
    title = TextFormField(label="拍摄的材料（如户口簿、病历）", max_length=100)
    file = forms.FileField(label="照片（JPEG或PNG）")


def private_file(content: bytes, content_type: str, name: str) -> HttpResponse:
    """A scan or a photo: inline, never cached, its type as stored (never sniffed)."""
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def photo_refusal(row: int, exc: ValidationError) -> dict[str, Any]:
    """The refusal shown under one visit (`photo_error` in the include), by field."""
    field = "title" if "title" in exc.message_dict else "file"
    found = [m for msgs in exc.message_dict.values() for m in msgs]
    return {"pk": row, "field": field, "messages": found}


def upload_attach(
    actor: User, visit: models.Model, photos: VisitPhotos[Any], *, title: str, upload: UploadedFile
) -> VisitPhotoBase:
    """Attach an uploaded file (the web form's and the API's): one over the limit is
    refused before it is read into memory; else the field's error, or PermissionDenied."""
    if upload.size is not None and upload.size > max_upload_bytes():
        raise ValidationError({"file": "照片过大"})
    return photos.attach(
        actor=actor, visit=visit, title=title, file_name=upload.name or "", content=upload.read()
    )


def _refusal(
    request: HttpRequest, actor: User, visit: models.Model, photos: VisitPhotos[Any]
) -> dict[str, Any] | None:
    """Parse the upload and attach it to `visit`: None when the photo is stored, else
    the refusal to show under the visit. A file over the limit is refused before it is
    read into memory; a refused role or state raises (403)."""
    form = VisitPhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return photo_refusal(visit.pk, ValidationError(form.errors))
    upload, title = form.cleaned_data["file"], form.cleaned_data["title"]
    try:
        upload_attach(actor, visit, photos, title=title, upload=upload)
    except ValidationError as exc:
        return photo_refusal(visit.pk, exc)
    messages.success(request, f"已上传照片：{title}")
    return None


def photo_posted(
    request: HttpRequest,
    actor: User,
    visit: models.Model,
    photos: VisitPhotos[Any],
    *,
    done: str,
    again: Callable[[dict[str, Any]], HttpResponse],
) -> HttpResponse:
    """The answer to an upload: on to `done` (the visit's page), or `again(refusal)`:
    that page with the refusal under the visit (422)."""
    refused = _refusal(request, actor, visit, photos)
    if refused is None:
        return redirect_after_post(request, done)
    response = again(refused)
    response.status_code = 422
    return response


def photo_removed(
    request: HttpRequest, actor: User, photo: VisitPhotoBase, photos: VisitPhotos[Any], done: str
) -> HttpResponse:
    """Remove a photo the caller found within the user's area (a refused role or a
    closed case raises: 403), then back to the visit's page."""
    title = photo.title
    photos.delete(actor=actor, photo=photo)
    messages.success(request, f"已删除照片：{title}")
    return redirect_after_post(request, done)


def photo_file(actor: User, photo: VisitPhotoBase, photos: VisitPhotos[Any]) -> HttpResponse:
    """A photo the caller found within the user's area: audited, never cached."""
    try:
        content = photos.content(actor=actor, photo=photo)
    except FileNotFoundError as exc:
        raise Http404("照片文件已不存在") from exc
    return private_file(content, photo.content_type, f"visit-photo-{photo.pk}")
