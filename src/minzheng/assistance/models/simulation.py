"""Policy simulations (政策模拟测算, issue 15 item 4): one run asked for by a county
bureau or the city office, over the households of its area, with the figures of the
settings in force and of up to two scenarios, and the households that would enter or
leave (docs/dashboards.md "Policy simulation")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models.scoped import ScopedQuerySet


class SimulationState(models.TextChoices):
    """A background job's progress (not a case: no role acts on it)."""

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("测算中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("测算失败")


class PolicySimulation(models.Model):
    area = models.ForeignKey(
        "core.Area", verbose_name=_("测算范围"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        "core.User", verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    month = models.DateField(_("起始月份"), help_text=_("调整自该月起执行"))
    # [{"name": "A", "key": "dibao.standard.urban", "value": "820"}, ...]
    scenarios = models.JSONField(_("测算方案"))
    state = models.CharField(
        _("进度"), max_length=8, choices=SimulationState.choices, default=SimulationState.QUEUED
    )
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    households = models.PositiveIntegerField(_("范围内家庭"), default=0)
    assessed = models.PositiveIntegerField(_("测算家庭"), default=0)
    without_income = models.PositiveIntegerField(_("未经核对收入的家庭"), default=0)
    examples = models.BooleanField(_("使用示例参数"), default=False)
    # [{"scenario", "county", "programme", "households", "people", "monthly"}, ...]
    totals = models.JSONField(_("测算结果"), default=list, blank=True)
    error = models.TextField(_("失败原因"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("政策模拟测算")
        verbose_name_plural = _("政策模拟测算")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.area_id}@{self.month:%Y-%m}"


class SimulationChangeQuerySet(ScopedQuerySet["SimulationChange"]):
    scope_field = "household__area__code"


class SimulationChange(models.Model):
    """A household that would enter or leave a programme under a scenario."""

    simulation = models.ForeignKey(
        PolicySimulation, on_delete=models.CASCADE, related_name="changes"
    )
    household = models.ForeignKey("core.Household", on_delete=models.PROTECT, related_name="+")
    scenario = models.CharField(_("方案"), max_length=8)
    programme = models.CharField(_("救助项目"), max_length=24)
    direction = models.CharField(
        _("变化"), max_length=8, choices=[("enter", _("新纳入")), ("leave", _("退出"))]
    )
    amount_before = models.DecimalField(_("现行月金额（元）"), max_digits=12, decimal_places=2)
    amount_after = models.DecimalField(_("方案月金额（元）"), max_digits=12, decimal_places=2)

    objects = SimulationChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("测算进出家庭")
        verbose_name_plural = _("测算进出家庭")
        indexes = [models.Index(fields=["simulation", "scenario"], name="sim_change_scenario")]

    def __str__(self) -> str:
        return f"{self.simulation_id}:{self.scenario}:{self.household_id}:{self.direction}"
