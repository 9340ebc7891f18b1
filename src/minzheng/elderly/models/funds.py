"""Elderly-care funds (养老服务资金, issue 14 item 6): a facility's operating subsidy for a
month and its one-off construction subsidy, as items approved through the workflow
engine (`workflows.FUND`) and paid to the facility's operator through payments'
institutional payables (D13.1). Amounts come from versioned settings
(`elderly.fund.*`, example values); a facility closed in the month is not paid."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.workflow import get_workflow


class FundKind(models.TextChoices):
    OPERATING = "operating", _("运营补贴")
    CONSTRUCTION = "construction", _("建设补贴")


class FacilitySubsidy(WorkflowCase):
    """`area` (the case's) is the facility's community: scope follows it. Frozen once
    submitted; `basis` says how the amount was reached (the settings and their values)."""

    workflow_name = "elderly_fund"

    facility = models.ForeignKey(
        "elderly.Facility",
        verbose_name=_("设施"),
        on_delete=models.PROTECT,
        related_name="subsidies",
    )
    kind = models.CharField(_("补贴类型"), max_length=16, choices=FundKind.choices)
    month = models.DateField(_("所属月份"))  # the first day of the month
    amount = models.DecimalField(_("补贴金额（元）"), max_digits=12, decimal_places=2)
    basis = models.CharField(_("计算依据"), max_length=200)
    prepared_by = models.ForeignKey(
        "core.User", verbose_name=_("编制人"), on_delete=models.PROTECT, related_name="+"
    )
    payable = models.OneToOneField(
        "payments.InstitutionalPayable",
        verbose_name=_("资金拨付"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("养老服务设施补贴")
        verbose_name_plural = _("养老服务设施补贴")
        ordering = ["-month", "facility_id", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "kind", "month"], name="one_subsidy_a_facility_kind_month"
            ),
            models.UniqueConstraint(
                fields=["facility"],
                condition=Q(kind="construction"),
                name="one_construction_subsidy_a_facility",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility_id}:{self.kind}:{self.month:%Y-%m}"

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)

    @property
    def kind_label(self) -> str:
        return str(dict(FundKind.choices).get(self.kind, self.kind))
