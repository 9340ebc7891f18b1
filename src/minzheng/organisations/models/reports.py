"""Annual work reports (年度工作报告, D10.2): one per organisation and year, filed with
the sponsor by 31 March and with the registration authority by 31 May (settings), then
reviewed; a missing or late report lists the organisation (D10.7, models/credit.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.workflow import get_workflow


class ReviewResult(models.TextChoices):
    PASSED = "passed", _("合格")
    BASIC = "basic", _("基本合格")
    FAILED = "failed", _("不合格")
    UNGRADED = "ungraded", _("已审查（不评等次）")


class AnnualReportQuerySet(ScopedQuerySet["AnnualReport"]):
    pass


class AnnualReport(WorkflowCase):
    """`area` is the organisation's, copied when filed (scoping without joins)."""

    workflow_name = "annual_report"

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    sponsor_filed_on = models.DateField(_("报送业务主管单位日期"), null=True, blank=True)
    filed_on = models.DateField(_("报送登记管理机关日期"))
    income = models.DecimalField(_("本年收入（元）"), max_digits=14, decimal_places=2)
    expenditure = models.DecimalField(_("本年支出（元）"), max_digits=14, decimal_places=2)
    net_assets = models.DecimalField(_("年末净资产（元）"), max_digits=14, decimal_places=2)
    staff_count = models.PositiveIntegerField(_("专职工作人员数"), default=0)
    activities = models.TextField(_("业务活动情况"))
    result = models.CharField(
        _("审查结论"), max_length=10, choices=ReviewResult.choices, blank=True
    )
    reviewed_on = models.DateField(_("审查日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度工作报告")
        verbose_name_plural = _("年度工作报告")
        ordering = ["-year", "organisation_id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="one_report_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.year}"

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)
