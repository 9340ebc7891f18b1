"""Versioned configuration: every amount, threshold and deadline with an effective date.

A value applies from `effective_from` until the next version of the same key
and area. Lookups take the most specific area (community > township > county
> city > province > nation-wide default) and the latest version in force on
the date asked, so past months are computed with the standard of that month
(D1.18). Rows are never edited: a change is a new version.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ConfigValue(models.Model):
    key = models.CharField(_("配置项"), max_length=100, db_index=True)
    area = models.ForeignKey(
        "core.Area",
        verbose_name=_("适用区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("为空表示全市默认"),
    )
    value = models.CharField(_("值"), max_length=1000)
    effective_from = models.DateField(_("生效日期"))
    basis = models.CharField(_("依据（文件/通知）"), max_length=300)
    is_example = models.BooleanField(
        _("示例值"), default=False, help_text=_("演示默认值，正式使用前须按本地政策核定")
    )
    created_by = models.ForeignKey(
        "core.User",
        verbose_name=_("录入人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("配置版本")
        verbose_name_plural = _("配置版本")
        ordering = ["key", "area_id", "-effective_from"]
        constraints = [
            # Two partial constraints, because SQLite cannot treat NULL areas as equal.
            models.UniqueConstraint(
                fields=["key", "area", "effective_from"],
                condition=Q(area__isnull=False),
                name="one_config_version_per_area_and_day",
            ),
            models.UniqueConstraint(
                fields=["key", "effective_from"],
                condition=Q(area__isnull=True),
                name="one_default_config_version_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}@{self.area_id or '*'} {self.effective_from}: {self.value}"
