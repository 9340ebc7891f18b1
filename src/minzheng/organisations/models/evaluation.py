"""Evaluation grades (社会组织评估, D10.8, 民政部令第39号): a score sheet over the
configured indicators, a grade 5A–1A from the configured thresholds, a publicity
period open to objections, then the grade in force for five years."""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.workflow import get_workflow


class EvaluationQuerySet(ScopedQuerySet["Evaluation"]):
    def expiring(self, today: dt.date, days: int) -> Self:
        """Grades in force whose validity ends within `days` (the reminder list)."""
        return self.filter(
            status="confirmed",
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=days),
        )


class Evaluation(WorkflowCase):
    workflow_name = "evaluation"

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="evaluations"
    )
    scores = models.JSONField(_("评分"), default=dict)  # indicator code → points
    total = models.PositiveIntegerField(_("总分"))
    grade = models.CharField(_("评估等级"), max_length=2, blank=True)  # "5A" … "1A", "" below
    scored_on = models.DateField(_("评分日期"))
    publicity_ends_on = models.DateField(_("公示截止日期"), null=True, blank=True)
    confirmed_on = models.DateField(_("确定等级日期"), null=True, blank=True)
    valid_until = models.DateField(_("等级有效期至"), null=True, blank=True)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("评估人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("评估")
        verbose_name_plural = _("评估")
        ordering = ["-scored_on", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.grade or '-'}@{self.scored_on}"

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)


class Objection(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="objections")
    raised_on = models.DateField(_("提出日期"))
    raised_by = models.CharField(_("异议人"), max_length=50)
    content = models.TextField(_("异议内容"))
    recorded_by = models.ForeignKey(
        "core.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    resolved = models.BooleanField(_("已处理"), default=False)

    class Meta:
        verbose_name = _("评估异议")
        verbose_name_plural = _("评估异议")
        ordering = ["raised_on", "id"]

    def __str__(self) -> str:
        return f"{self.evaluation_id}@{self.raised_on}"
