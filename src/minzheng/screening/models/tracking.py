"""Key households under tracked help (重点户跟踪帮扶): a help plan, a responsible
member of staff and dated follow-ups, until the help is closed."""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.workflow import get_workflow
from minzheng.screening.models.visits import VisitMethod


class KeyHouseholdQuerySet(ScopedQuerySet["KeyHousehold"]):
    def active(self) -> Self:
        return self.filter(status="active")

    def overdue(self, today: dt.date) -> Self:
        """Active and the next follow-up date has passed."""
        return self.active().filter(next_follow_up_on__lt=today)


class KeyHousehold(WorkflowCase):
    """`area` is the household's, copied when placed (scoping without joins)."""

    workflow_name = "screening_key_household"

    household = models.ForeignKey(
        "core.Household",
        verbose_name=_("家庭"),
        on_delete=models.PROTECT,
        related_name="key_household_records",
    )
    campaign = models.ForeignKey(
        "screening.Campaign",
        verbose_name=_("来源排查活动"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_households",
    )
    reason = models.CharField(_("纳入原因"), max_length=200)
    help_plan = models.TextField(_("帮扶计划"))
    responsible = models.ForeignKey(
        "core.User", verbose_name=_("帮扶责任人"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("纳入日期"))
    next_follow_up_on = models.DateField(_("下次跟踪日期"), db_index=True)
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    closed_reason = models.CharField(_("结束原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = KeyHouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("重点帮扶户")
        verbose_name_plural = _("重点帮扶户")
        ordering = ["next_follow_up_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status="active"),
                name="one_active_key_household",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household_id}:{self.started_on}"

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == "active" and self.next_follow_up_on < today


class FollowUpQuerySet(ScopedQuerySet["FollowUp"]):
    scope_field = "key_household__area__code"


class FollowUp(models.Model):
    key_household = models.ForeignKey(
        KeyHousehold, on_delete=models.PROTECT, related_name="follow_ups"
    )
    followed_on = models.DateField(_("跟踪日期"))
    followed_by = models.ForeignKey(
        "core.User", verbose_name=_("跟踪人"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("方式"), max_length=8, choices=VisitMethod.choices)
    note = models.TextField(_("帮扶情况"))
    next_follow_up_on = models.DateField(_("下次跟踪日期"))
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("跟踪回访")
        verbose_name_plural = _("跟踪回访")
        ordering = ["-followed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.key_household_id}@{self.followed_on}"
