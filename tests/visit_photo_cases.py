"""What every domain's visit photos must refuse (issue 15 item 5, core.visit_photos),
written once by hand for the domains' tests: a type told by the first bytes, a title
said in clean text, the scan size limit, at most 20 photos a visit. Each case is
(content, title, the field refused, words of the Chinese message)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.test import Client, override_settings

from minzheng.core.models import Household, User
from minzheng.warning.models import Lead

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"\x00" * 64
MIB = 1024 * 1024  # the limit the size cases set (MINZHENG_MATERIAL_MAX_BYTES)
MAX_PHOTOS = 20  # per visit (docs/portal.md)

AT_LIMIT = b"\xff\xd8\xff" + b"\x00" * (MIB - 3)  # exactly 1 MiB: accepted
REFUSED = [
    (PDF, "户口簿", "file", "只能上传JPEG或PNG格式的照片"),  # a scan, not a photo
    (b"GIF89a" + b"\x00" * 10, "户口簿", "file", "只能上传JPEG或PNG格式的照片"),
    (b"", "户口簿", "file", "请选择要上传的照片"),
    (b"\xff\xd8\xff" + b"\x00" * MIB, "户口簿", "file", "照片不能超过1MB"),  # 1 MiB + 3
    (JPEG, "   ", "title", "请填写照片拍摄的是什么材料"),
    (JPEG, "户口\x00簿", "title", "控制字符"),
]


def refused(exc: object) -> tuple[str, str]:
    """(field, its messages joined) of a ValidationError naming one field."""
    ((field, messages),) = exc.message_dict.items()  # type: ignore[attr-defined]
    return field, "；".join(messages)


# The scope matrix's photo rows (tests/core/test_scope_matrix.py): uploads and files in
# one temporary folder, never the developer's MINZHENG_VAR_DIR.
MATRIX_DIR = Path(tempfile.mkdtemp(prefix="minzheng-matrix-photos-"))


def matrix_upload(client: Client, url: str) -> object:
    with override_settings(VAR_DIR=MATRIX_DIR):
        return client.post(url, {"title": "户口簿", "file": SimpleUploadedFile("p.png", PNG)})


def matrix_file(client: Client, model: type[Model], visit: Model, url: str) -> object:
    """GET the file of a photo of `visit` made here; `url` has `{pk}` for the photo's."""
    photo = _matrix_photo(model, visit, "户口簿", "matrix.png")
    with override_settings(VAR_DIR=MATRIX_DIR):
        return client.get(url.format(pk=photo.pk))


def _matrix_photo(model: type[Model], visit: Model, title: str, stored_as: str) -> Model:
    (MATRIX_DIR / "visits").mkdir(parents=True, exist_ok=True)
    (MATRIX_DIR / "visits" / stored_as).write_bytes(PNG)
    return model._default_manager.create(
        visit=visit, title=title, stored_as=stored_as, content_type="image/png",
        size=len(PNG), taken_by=User.objects.get_or_create(username="clerk")[0],
    )  # fmt: skip


def matrix_delete(client: Client, model: type[Model], visit: Model, url: str) -> object:
    """POST the removal of a photo of `visit` made here, titled 矩阵删除 (so a row can
    ask whether it is gone); `url` has `{pk}` for the photo's."""
    photo = _matrix_photo(model, visit, "矩阵删除", "matrix-delete.png")
    with override_settings(VAR_DIR=MATRIX_DIR):
        return client.post(url.format(pk=photo.pk))


def lead_about(household: Household) -> Lead:
    """An open warning lead about the household's head, in its community."""
    head = household.head
    assert head is not None
    return Lead.objects.create(
        status="open", area_id=household.area_id, rule_id="W008", rule_title="疑似低保边缘家庭",
        severity="medium", period="2026-08", run_id="r1", id_number=head.id_number,
        person=head, household=household, evidence="家庭人均月收入约600元",
    )  # fmt: skip
