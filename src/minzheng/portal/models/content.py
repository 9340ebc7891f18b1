"""Published texts kept as versions with an effective date: the service guides (三规范:
who may apply, documents, where, limits) and the message templates of notifications.
A version is never edited; a correction is a new version (docs/portal.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    key = models.CharField(_("内容项"), max_length=100, db_index=True)
    version = models.PositiveIntegerField(_("版本"))
    effective_from = models.DateField(_("生效日期"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.JSONField(_("内容"), default=dict)
    basis = models.CharField(_("依据（文件/通知）"), max_length=300)
    is_example = models.BooleanField(
        _("示例内容"), default=False, help_text=_("演示默认内容，正式使用前须按本地政策核定")
    )
    created_by = models.ForeignKey(
        "core.User",
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公开内容版本")
        verbose_name_plural = _("公开内容版本")
        ordering = ["key", "version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="content_one_number"),
            models.UniqueConstraint(fields=["key", "effective_from"], name="content_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"
