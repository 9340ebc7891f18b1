"""Administrator-editable corrections to the official holiday calendar (D11.3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkdayOverride(models.Model):
    """One date whose working-day status differs from `chinesecalendar` (or that it lacks)."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("依据/说明"), max_length=200)
    updated_by = models.ForeignKey(
        "core.User",
        verbose_name=_("修改人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'工作日' if self.is_working_day else '休息日'}"


class CalendarYear(models.Model):
    """A year the bureau has entered by hand (all its holidays as overrides), for a
    year `chinesecalendar` does not know yet. Without it such a year is refused."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("依据（国务院办公厅通知文号）"), max_length=200)
    updated_by = models.ForeignKey(
        "core.User",
        verbose_name=_("修改人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("人工维护的日历年份")
        verbose_name_plural = _("人工维护的日历年份")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)
