"""A screening campaign (排查活动), its rounds and its targets (D5.3)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minzheng.core.models import Area, WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet, user_can
from minzheng.core.roles import Capability
from minzheng.core.workflow import get_workflow
from minzheng.screening.population import Population

if TYPE_CHECKING:
    from minzheng.core.models import User


class CampaignQuerySet(ScopedQuerySet["Campaign"]):
    def visible_to(self, user: User, capability: Capability = Capability.VIEW_PERSONAL) -> Self:
        """A campaign concerns everyone working inside its area as well as those above it:
        a city-wide campaign is seen by every caseworker of the city (D0.3 both ways).
        What of it they see is still their own area only (targets, visits, figures)."""
        if not user_can(user, capability) or user.area is None:
            return self.none()
        above = [a.code for a in user.area.ancestors()]
        return self.filter(Q(area__code__startswith=user.scope_prefix) | Q(area_id__in=above))

    def active(self) -> Self:
        return self.filter(status="active")


class Campaign(WorkflowCase):
    """Organised by a city, county or township (`area`); draft → active → closed."""

    workflow_name = "screening_campaign"

    name = models.CharField(_("活动名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    layer = models.CharField(
        _("人群层级"),
        max_length=40,
        blank=True,
        help_text=_("如低保、特困、防返贫监测对象（D5.1）"),
    )
    population = models.JSONField(_("排查范围条件"), default=dict, blank=True)
    population_date = models.DateField(_("名单生成日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("排查活动")
        verbose_name_plural = _("排查活动")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def criteria(self) -> Population:
        return Population.from_json(self.population)

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)

    def population_summary(self, names: Mapping[str, str] | None = None) -> list[str]:
        """The criteria in words, with the areas' names (`names`: read once for a
        page of campaigns by `criteria_area_names`, not once per campaign)."""
        return self.criteria.describe(criteria_area_names([self]) if names is None else names)


def criteria_area_names(campaigns: Iterable[Campaign]) -> dict[str, str]:
    """The names of the areas that the criteria of `campaigns` name, in one query."""
    codes = {code for c in campaigns for code in c.criteria.area_codes}
    return dict(Area.objects.filter(code__in=codes).values_list("code", "name"))


class Round(models.Model):
    """One pass over the whole population with its deadline (`ends_on`), counted in
    working days from `starts_on` (D11)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("轮次"))
    starts_on = models.DateField(_("开始日期"))
    working_days = models.PositiveSmallIntegerField(_("期限（工作日）"))
    ends_on = models.DateField(_("截止日期"))
    opened_by = models.ForeignKey(
        "core.User", verbose_name=_("安排人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("排查轮次")
        verbose_name_plural = _("排查轮次")
        ordering = ["campaign_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="one_round_number"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="round_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}#{self.number}"


class CampaignTargetQuerySet(ScopedQuerySet["CampaignTarget"]):
    pass


class CampaignTarget(models.Model):
    """A household to visit. Its area is copied from the household when selected, so
    that scoping is a prefix match on this table's own column."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    household = models.ForeignKey(
        "core.Household",
        verbose_name=_("家庭"),
        on_delete=models.PROTECT,
        related_name="screening_targets",
    )
    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("符合条件的成员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    area = models.ForeignKey(
        "core.Area", verbose_name=_("所属村（社区）"), on_delete=models.PROTECT, related_name="+"
    )
    added_on = models.DateField(_("纳入名单日期"))

    objects = CampaignTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("排查对象")
        verbose_name_plural = _("排查对象")
        ordering = ["campaign_id", "area_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "household"], name="one_target_per_household"
            )
        ]
        indexes = [models.Index(fields=["campaign", "area"])]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.household_id}"
