"""Photos of documents taken at a visit (issue 15 item 5): the fields every domain's
visit photo has. Each domain keeps its own concrete model with a `visit` foreign key
(related name `photos`); the files lie under MINZHENG_VAR_DIR/visits (never static)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitPhotoBase(models.Model):
    """Personal data: JPEG or PNG, size-limited, every upload and view audited
    (core.visit_photos)."""

    title = models.CharField(_("拍摄的材料"), max_length=100)
    stored_as = models.CharField(_("存储文件"), max_length=200)
    file_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("文件大小（字节）"))
    taken_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["visit_id", "id"]

    def __str__(self) -> str:
        return self.title
