"""The materials checklist of a case (D1.5): what the one-time notification listed
and what the township added, each received or not, with its scanned copy if any."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MaterialSource(models.TextChoices):
    REQUIRED = "required", _("一次性告知清单")
    ADDED = "added", _("补正时追加")


class CaseMaterial(models.Model):
    """One document of the checklist; the list only grows (D1.5: told once, in full)."""

    application = models.ForeignKey(
        "assistance.Application", on_delete=models.CASCADE, related_name="materials"
    )
    code = models.CharField(_("材料代码"), max_length=40, blank=True)
    title = models.CharField(_("材料名称及说明"), max_length=300)
    source = models.CharField(
        _("来源"), max_length=12, choices=MaterialSource.choices, default=MaterialSource.REQUIRED
    )
    listed_on = models.DateField(_("列入日期"))
    received_on = models.DateField(_("收到日期"), null=True, blank=True)
    received_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The scanned copy lives under MINZHENG_VAR_DIR/materials/, never under static files.
    stored_as = models.CharField(_("存储文件"), max_length=200, blank=True)
    file_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=40, blank=True)
    size = models.PositiveIntegerField(_("文件大小（字节）"), null=True, blank=True)
    attached_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["application_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "title"], name="one_material_per_title")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def attached(self) -> bool:
        return bool(self.stored_as)
