"""Excel pages of the registry: the household import (template, upload, error
workbook) and the household export. Thin: parse, authorise, call one service."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.models import User
from minzheng.core.roles import Capability
from minzheng.core.spreadsheets.export import households_export
from minzheng.core.spreadsheets.forms import ImportUploadForm
from minzheng.core.spreadsheets.importer import households_import
from minzheng.core.spreadsheets.storage import error_file_load, error_file_save
from minzheng.core.spreadsheets.template import communities_for, template_workbook
from minzheng.core.spreadsheets.writer import xlsx_response
from minzheng.core.views import requires

ERRORS_SHOWN = 500  # on the page; the error workbook always has them all


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def household_import(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: the summary (200), or every error (422)."""
    user = _user(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        status = 422 if request.method == "POST" else 200
        return render(request, "core/household_import.html", {"form": form}, status=status)
    upload = form.cleaned_data["file"]
    result = households_import(actor=user, content=upload.read(), filename=upload.name)
    if result.ok:
        done = f"导入完成：新建家庭{result.households}户，成员{result.members}人"
        messages.success(request, done)
    token = ""
    if result.error_workbook is not None:
        token = error_file_save(user_id=user.pk, content=result.error_workbook)
    context = {
        "form": ImportUploadForm(),
        "result": result,
        "errors_shown": result.errors[:ERRORS_SHOWN],
        "error_token": token,
        "filename": upload.name,
    }
    return render(request, "core/household_import.html", context, status=200 if result.ok else 422)


@require_GET
@requires(Capability.EDIT_PERSONAL)
def household_import_template(request: HttpRequest) -> HttpResponse:
    content = template_workbook(communities=communities_for(_user(request)))
    return xlsx_response(content, "家庭成员导入模板.xlsx")


@require_GET
@requires(Capability.EDIT_PERSONAL)
def household_import_errors(request: HttpRequest, token: str) -> HttpResponse:
    """The error workbook of the user's own upload; anyone else's token is a 404."""
    content = error_file_load(user_id=_user(request).pk, token=token)
    if content is None:
        raise Http404("错误文件不存在或已过期（保留24小时），请重新上传")
    return xlsx_response(content, f"导入错误-{timezone.localdate():%Y%m%d}.xlsx")


@require_GET
@requires(Capability.EXPORT_PERSONAL)
def household_export(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    return xlsx_response(households_export(actor=_user(request), query=q), "households.xlsx")
