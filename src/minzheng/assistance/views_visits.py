"""Photos of documents taken at a home visit (issue 15 item 5): uploaded from the case
page (a phone's camera: `capture`), shown only to users whose area reaches the case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from minzheng.assistance import selectors
from minzheng.assistance.forms import VisitPhotoForm
from minzheng.assistance.models import HomeVisit, HomeVisitPhoto
from minzheng.assistance.services import visit_photos
from minzheng.assistance.services.materials import max_upload_bytes
from minzheng.assistance.views_case import private_file, refused_in_row
from minzheng.core.models import User
from minzheng.core.roles import Capability
from minzheng.core.views import requires


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _visit(user: User, pk: int, visit_pk: int) -> HomeVisit:
    app = selectors.application_for_reading(user, pk, log=False)
    found = app.home_visits.filter(pk=visit_pk).select_related("application__area").first()
    if found is None:
        raise Http404("未找到该入户调查记录")
    return found


def _refused(request: HttpRequest, visit: HomeVisit, exc: ValidationError) -> HttpResponse:
    field = "title" if "title" in exc.message_dict else "file"
    return refused_in_row(request, visit.application, "photo_error", visit.pk, field, exc)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def visit_photo_attach(request: HttpRequest, pk: int, visit_pk: int) -> HttpResponse:
    user = _user(request)
    visit = _visit(user, pk, visit_pk)
    form = VisitPhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, visit, ValidationError(form.errors))
    upload = form.cleaned_data["file"]
    if upload.size > max_upload_bytes():  # refused before it is read into memory
        return _refused(request, visit, ValidationError({"file": "照片过大"}))
    try:
        visit_photos.visit_photo_attach(
            actor=user,
            visit=visit,
            title=form.cleaned_data["title"],
            file_name=upload.name,
            content=upload.read(),
        )
    except ValidationError as exc:
        return _refused(request, visit, exc)
    messages.success(request, f"已上传照片：{form.cleaned_data['title']}")
    return redirect("assistance:detail", pk=pk)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def visit_photo_file(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    user = _user(request)
    app = selectors.application_for_reading(user, pk, log=False)
    photo = HomeVisitPhoto.objects.filter(pk=photo_pk, visit__application=app).first()
    if photo is None:
        raise Http404("未找到该照片")
    try:
        content = visit_photos.visit_photo_content(actor=user, photo=photo)
    except FileNotFoundError as exc:
        raise Http404("照片文件已不存在") from exc
    return private_file(content, photo.content_type, f"visit-photo-{photo.pk}")
