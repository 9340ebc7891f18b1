"""Where homes are, and the stored results of a coverage measurement (D7.1).

A home's point belongs to the household (core) but is kept here, so that core needs no
change: one row per household that has been placed (by the demo's synthetic city or
by a geocoded address import, not yet built). A measurement (`CoverageRun`) stores its
figures per area, kind and group, so pages read them without recomputing."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models.scoped import ScopedQuerySet


class HomePoint(models.Model):
    household = models.OneToOneField(
        "core.Household", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    longitude = models.DecimalField(_("经度（国测局坐标）"), max_digits=9, decimal_places=6)
    latitude = models.DecimalField(_("纬度（国测局坐标）"), max_digits=8, decimal_places=6)

    class Meta:
        verbose_name = _("住址坐标")
        verbose_name_plural = _("住址坐标")

    def __str__(self) -> str:
        return f"{self.household_id}: {self.longitude}, {self.latitude}"


class CoverageRun(models.Model):
    """One measurement of an area's subtree (`area_prefix`: 3203 for the whole city)."""

    area_prefix = models.CharField(_("测算范围（区划代码前缀）"), max_length=12)
    measured_on = models.DateField(_("测算日期"))
    walk_distance_m = models.PositiveIntegerField(_("步行距离（米）"))
    detour_factor = models.DecimalField(_("绕行系数"), max_digits=4, decimal_places=2)
    homes = models.PositiveIntegerField(_("有60周岁以上老人的住户数"))
    facilities = models.PositiveIntegerField(_("参与测算的设施数"))
    suggestions = models.JSONField(_("建议新设站点"), default=list)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("测算人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("测算时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("服务圈测算")
        verbose_name_plural = _("服务圈测算")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.measured_on} ({self.walk_distance_m} m)"


class CoverageFigureQuerySet(ScopedQuerySet["CoverageFigure"]):
    """Scoped by the figure's area code (a county's figure lies in the county)."""

    scope_field = "area_code"


class CoverageFigure(models.Model):
    run = models.ForeignKey(CoverageRun, on_delete=models.CASCADE, related_name="figures")
    level = models.CharField(_("层级"), max_length=10)
    area_code = models.CharField(_("区划代码"), max_length=12)
    kind = models.CharField(_("设施类型"), max_length=16)
    group = models.CharField(_("人群"), max_length=10)
    elderly = models.PositiveIntegerField(_("人数"))
    covered = models.PositiveIntegerField(_("服务圈内人数"))

    objects = CoverageFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务圈覆盖数")
        verbose_name_plural = _("服务圈覆盖数")
        indexes = [models.Index(fields=["run", "level", "kind", "group"])]

    def __str__(self) -> str:
        return f"{self.area_code}:{self.kind}:{self.group} {self.covered}/{self.elderly}"
