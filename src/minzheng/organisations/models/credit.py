"""The credit lists (D10.7, 民政部令第60号): the abnormal-activity list (活动异常名录) and
the serious-violation list (严重违法失信名单). Each listing is a row with its list, its
reason, the rule, the date and what led to it; it is a workflow case, so its removal
(after rectification) goes through the engine with the reason in the transition log."""

from __future__ import annotations

from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.workflow import get_workflow


class CreditList(models.TextChoices):
    ABNORMAL = "abnormal", _("活动异常名录")
    SERIOUS = "serious", _("严重违法失信名单")


class ListingReason(models.TextChoices):
    """The grounds of D10.7, each tied to its list in `LIST_OF_REASON`."""

    LATE_REPORT = "late_report", _("未按规定时限报送年度工作报告")
    NO_PARTY = "no_party", _("未按规定设立党组织")
    RECTIFICATION_OVERDUE = "rectification_overdue", _("未按登记管理机关要求限期整改")
    SMALL_PENALTY = "small_penalty", _("受到警告或者不满5万元罚款的行政处罚")
    UNREACHABLE = "unreachable", _("通过登记的住所无法与社会组织取得联系")
    ABNORMAL_TWO_YEARS = "abnormal_two_years", _("被列入活动异常名录届满2年")
    LARGE_PENALTY = "large_penalty", _("受到5万元以上罚款的行政处罚")
    REVOKED = "revoked", _("被撤销登记")


LIST_OF_REASON = {
    ListingReason.LATE_REPORT: CreditList.ABNORMAL,
    ListingReason.NO_PARTY: CreditList.ABNORMAL,
    ListingReason.RECTIFICATION_OVERDUE: CreditList.ABNORMAL,
    ListingReason.SMALL_PENALTY: CreditList.ABNORMAL,
    ListingReason.UNREACHABLE: CreditList.ABNORMAL,
    ListingReason.ABNORMAL_TWO_YEARS: CreditList.SERIOUS,
    ListingReason.LARGE_PENALTY: CreditList.SERIOUS,
    ListingReason.REVOKED: CreditList.SERIOUS,
}
RULE = "《社会组织信用信息管理办法》（民政部令第60号）"  # D10.7


class CreditListingQuerySet(ScopedQuerySet["CreditListing"]):
    def listed(self) -> Self:
        return self.filter(status="listed")


class CreditListing(WorkflowCase):
    workflow_name = "credit_listing"

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="listings"
    )
    list_kind = models.CharField(_("名录"), max_length=10, choices=CreditList.choices)
    reason = models.CharField(_("列入事由"), max_length=24, choices=ListingReason.choices)
    rule = models.CharField(_("依据"), max_length=80)
    year = models.PositiveSmallIntegerField(_("所涉报告年度"), null=True, blank=True)
    listed_on = models.DateField(_("列入日期"), db_index=True)
    detail = models.CharField(_("情况说明"), max_length=200, blank=True)
    listed_by = models.ForeignKey(
        "core.User",
        verbose_name=_("决定人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )  # None: the daily run (系统自动列入)
    escalated_from = models.ForeignKey(
        "self",
        verbose_name=_("由异常名录转入"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
    )
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    removal_reason = models.CharField(_("移出理由"), max_length=200, blank=True)

    objects = CreditListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("信用名录记录")
        verbose_name_plural = _("信用名录记录")
        ordering = ["-listed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reason", "year"],
                condition=models.Q(year__isnull=False),
                name="one_listing_per_report_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.list_kind}@{self.listed_on}"

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)
