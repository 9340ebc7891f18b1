"""Supervision of trade associations' fees (D10.5, 降低涉企收费): the fee items an
association charges enterprises — membership fees, with the general assembly's
decision that set them, and service charges — each reviewed by the registrar against
the checks of the fee rules (forced membership, fees charged on duties delegated by the
government, branches setting their own fees); and the reductions, with their amounts,
summed for the city."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.workflow import get_workflow


class FeeKind(models.TextChoices):
    MEMBERSHIP = "membership", _("会费")
    SERVICE = "service", _("经营服务性收费")


class FeeCheck(models.TextChoices):
    """The review items of the fee rules; each found true calls for rectification."""

    FORCED_MEMBERSHIP = "forced_membership", _("强制入会或强制收费")
    DELEGATED_DUTY = "delegated_duty", _("依托政府委托职能或行政管理事项收费")
    BRANCH_OWN_FEE = "branch_own_fee", _("分支机构、代表机构单独制定会费标准")


class FeeItemQuerySet(ScopedQuerySet["FeeItem"]):
    pass


class FeeItem(WorkflowCase):
    """`area` is the organisation's (its domicile): scope follows it (D0.3)."""

    workflow_name = "fee_item"

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="fee_items"
    )
    kind = models.CharField(_("收费类别"), max_length=16, choices=FeeKind.choices)
    name = models.CharField(_("收费项目"), max_length=100)
    standard = models.DecimalField(_("收费标准（元）"), max_digits=12, decimal_places=2)
    charged_per = models.CharField(_("计费单位"), max_length=30)
    assembly_decision = models.CharField(_("会员（代表）大会决议"), max_length=100, blank=True)
    assembly_decided_on = models.DateField(_("表决通过日期"), null=True, blank=True)
    pricing_basis = models.CharField(_("收费依据"), max_length=200, blank=True)
    from_date = models.DateField(_("执行日期"))
    # The registrar's findings at the last review (FeeCheck codes found), and its note.
    findings = models.JSONField(_("审查发现的问题"), default=list)
    review_note = models.TextField(_("审查意见"), blank=True)
    reviewed_on = models.DateField(_("审查日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = FeeItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("涉企收费项目")
        verbose_name_plural = _("涉企收费项目")
        ordering = ["organisation__name", "kind", "name", "id"]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.name}"

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)

    @property
    def findings_labels(self) -> list[str]:
        labels = dict(FeeCheck.choices)
        return [str(labels.get(code, code)) for code in self.findings]


class FeeReductionQuerySet(ScopedQuerySet["FeeReduction"]):
    scope_field = "organisation__area__code"


class FeeReduction(models.Model):
    """One reduction granted to enterprises (降费), with its amount (D10.5, D12)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="fee_reductions"
    )
    fee_item = models.ForeignKey(
        FeeItem, on_delete=models.PROTECT, null=True, blank=True, related_name="reductions"
    )
    measure = models.CharField(_("减免措施"), max_length=200)
    on = models.DateField(_("实施日期"))
    amount = models.DecimalField(_("减免金额（元）"), max_digits=14, decimal_places=2)
    enterprises = models.PositiveIntegerField(_("惠及企业数"), default=0)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = FeeReductionQuerySet.as_manager()

    class Meta:
        verbose_name = _("降费减负")
        verbose_name_plural = _("降费减负")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["on"])]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.amount}@{self.on}"
