"""Families adopted by organisations (社会组织认领困难家庭, D10.4): an organisation takes
on a household from the key-households list (screening's tracked help), and the visits
and help given are recorded. `area` is the household's (scoping without joins)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.workflow import get_workflow


class AdoptionQuerySet(ScopedQuerySet["Adoption"]):
    pass


class Adoption(WorkflowCase):
    workflow_name = "adoption"

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="adoptions"
    )
    household = models.ForeignKey(
        "core.Household", verbose_name=_("家庭"), on_delete=models.PROTECT, related_name="+"
    )
    adopted_on = models.DateField(_("认领日期"))
    plan = models.CharField(_("帮扶内容"), max_length=200)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("认领家庭")
        verbose_name_plural = _("认领家庭")
        ordering = ["-adopted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "household"],
                condition=Q(status="active"),
                name="one_active_adoption_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}→{self.household_id}"

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)


class AdoptionVisitQuerySet(ScopedQuerySet["AdoptionVisit"]):
    scope_field = "adoption__area__code"


class AdoptionVisit(models.Model):
    adoption = models.ForeignKey(Adoption, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("走访日期"))
    help_given = models.CharField(_("帮扶情况"), max_length=200)
    amount = models.DecimalField(
        _("折合金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        "core.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = AdoptionVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("认领走访")
        verbose_name_plural = _("认领走访")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.adoption_id}@{self.visited_on}"
