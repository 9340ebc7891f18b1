"""Marriage registries (婚姻登记处) of the city and the appointments they take (D9.5)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet


class Registry(models.Model):
    """A registry office. Since 2025-05-10 any registry registers any couple (D9.1); its
    area is the county (or city) whose civil-affairs bureau runs it (D0.3)."""

    code = models.CharField(_("登记机关代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    area = models.ForeignKey(
        "core.Area", verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("地址"), max_length=120, blank=True)
    # Pairs a day; empty: the setting marriage.appointment.daily_capacity of its area.
    daily_capacity = models.PositiveSmallIntegerField(_("每日预约名额"), null=True, blank=True)
    active = models.BooleanField(_("开放预约"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("婚姻登记处")
        verbose_name_plural = _("婚姻登记处")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    MARRIAGE = "marriage", _("结婚登记")
    DIVORCE = "divorce", _("离婚登记")


class Appointment(WorkflowCase):
    """A booked visit of a couple to a registry on a working day (D9.5, D11)."""

    workflow_name = "marriage_appointment"

    registry = models.ForeignKey(
        Registry, verbose_name=_("登记处"), on_delete=models.PROTECT, related_name="appointments"
    )
    day = models.DateField(_("预约日期"), db_index=True)
    kind = models.CharField(_("办理事项"), max_length=16, choices=Kind.choices)
    party_a_name = models.CharField(_("甲方姓名"), max_length=50)
    party_b_name = models.CharField(_("乙方姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20)
    booked_by = models.ForeignKey(
        "core.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("婚姻登记预约")
        verbose_name_plural = _("婚姻登记预约")
        ordering = ["day", "id"]
        indexes = [models.Index(fields=["registry", "day"])]

    def __str__(self) -> str:
        return f"{self.registry} {self.day} {self.party_a_name}、{self.party_b_name}"
