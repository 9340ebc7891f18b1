"""Warning leads and their verification visits (D5.3: data comparison online, then
offline visit and verification)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models import WorkflowCase
from minzheng.core.models.photos import VisitPhotoBase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.workflow import get_workflow


class Outcome(models.TextChoices):
    APPLY = "apply", _("发起救助申请")
    ADJUST = "adjust", _("调整现有救助")
    NO_NEED = "no_need", _("经核实无需救助")
    REFER = "refer", _("转介其他部门")


class LeadQuerySet(ScopedQuerySet["Lead"]):
    def open(self) -> LeadQuerySet:
        return self.exclude(status="closed")


class Lead(WorkflowCase):
    """One finding of one rule about one person in one period. The triple is unique:
    re-running a period, or another run over it, never opens a second lead."""

    workflow_name = "warning_lead"

    rule_id = models.CharField(_("规则编号"), max_length=8, db_index=True)
    rule_title = models.CharField(_("预警规则"), max_length=100)
    severity = models.CharField(_("等级"), max_length=8)
    period = models.CharField(_("数据期间"), max_length=7)
    run_id = models.CharField(_("比对批次"), max_length=64)
    id_number = models.CharField(_("公民身份号码"), max_length=18)
    # No database foreign key on the person and household (PROTECT stays in the ORM):
    # the ingest takes both from the registry in the same transaction, and registry
    # rows are never deleted (merged people keep theirs). PostgreSQL's check takes a
    # key-share lock on each referenced row — at 143,000 findings a month that wrote
    # ~280,000 registry pages to the WAL and cost 24 of the ingest's 42 s at 10 M
    # (docs/warning.md "Ingestion at city scale").
    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("人员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warning_leads",
        db_constraint=False,
    )
    household = models.ForeignKey(
        "core.Household",
        verbose_name=_("家庭"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warning_leads",
        db_constraint=False,
    )
    evidence = models.TextField(_("预警依据"))
    # Set when the feed's ID number was not the registry's and identity resolution
    # matched the record to this person with confidence (issue 16): the number as the
    # department sent it and the match's weight and probability, shown on the lead.
    feed_id_number = models.CharField(_("部门数据身份证号"), max_length=18, blank=True)
    match_weight = models.FloatField(_("匹配权重"), null=True, blank=True)
    match_probability = models.FloatField(_("匹配概率"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        "core.User",
        verbose_name=_("核实责任人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warning_leads",
    )
    outcome = models.CharField(_("处理结果"), max_length=8, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("处理说明"), blank=True)
    referred_to = models.CharField(_("转介部门"), max_length=100, blank=True)
    application = models.ForeignKey(
        "assistance.Application",
        verbose_name=_("救助申请"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warning_leads",
    )

    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = _("预警线索")
        verbose_name_plural = _("预警线索")
        ordering = ["deadline", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number", "rule_id", "period"], name="one_lead_per_person_rule_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}:{self.id_number[-4:]}:{self.period}"

    @property
    def severity_label(self) -> str:
        return {"high": "高", "medium": "中", "low": "低"}.get(self.severity, self.severity)

    @property
    def status_label(self) -> str:
        return get_workflow("warning_lead").label(self.status)


class VisitMethod(models.TextChoices):
    PHONE = "phone", _("电话核实")
    HOME = "home", _("入户核实")


class LeadVisit(models.Model):
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="visits")
    method = models.CharField(_("核实方式"), max_length=8, choices=VisitMethod.choices)
    visited_on = models.DateField(_("核实日期"))
    visitor = models.ForeignKey(
        "core.User", verbose_name=_("核实人"), on_delete=models.PROTECT, related_name="+"
    )
    findings = models.TextField(_("核实情况"))

    class Meta:
        verbose_name = _("核实记录")
        verbose_name_plural = _("核实记录")
        ordering = ["lead_id", "visited_on", "id"]

    def __str__(self) -> str:
        return f"{self.lead_id}@{self.visited_on}"


class LeadVisitPhoto(VisitPhotoBase):
    """A photo of a document taken at the lead's verification (issue 15 item 5):
    core.visit_photos checks, stores and audits it."""

    visit = models.ForeignKey(LeadVisit, on_delete=models.CASCADE, related_name="photos")

    class Meta(VisitPhotoBase.Meta):
        verbose_name = _("线索核实照片")
        verbose_name_plural = _("线索核实照片")
