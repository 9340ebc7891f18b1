"""Supervision findings (D14.12): one row per finding key (rule, person, programme, first
month — stable across runs), so that a re-run never opens a second finding and a key
judged a false alarm is not raised again."""

from __future__ import annotations

import json
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.masking import mask_free_text
from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.vocabulary import code_label, labels_of
from minzheng.core.workflow import get_workflow
from minzheng.supervision.labels import evidence_label, rule_title


class Platform(models.TextChoices):
    """The three supervision platforms of the "sunshine" system (issue 11 item 3)."""

    ASSISTANCE = "assistance", _("社会救助资金")
    ELDERLY = "elderly", _("养老服务资金")
    DISABILITY = "disability", _("残疾人两项补贴")


# What an organisation's finding is about (the run's `subject`, "<kind>:<id>").
SUBJECT_KINDS = {"elderly.facility": "养老服务设施"}

# Still to be handled: neither closed nor judged a false alarm (动态清零, D14.12).
OPEN_STATES = ("open", "confirmed", "rectifying")


class FindingQuerySet(ScopedQuerySet["Finding"]):
    def still_open(self) -> FindingQuerySet:
        return self.filter(status__in=OPEN_STATES)


class Finding(WorkflowCase):
    """One finding of one supervision rule. `area` is the beneficiary's community (its
    county bureau is responsible; the community and township verify on the ground)."""

    workflow_name = "supervision_finding"

    finding_key = models.CharField(_("问题标识"), max_length=64, unique=True)
    run_id = models.CharField(_("比对批次"), max_length=64)
    rule_id = models.CharField(_("规则编号"), max_length=8, db_index=True)
    period = models.CharField(_("比对期间"), max_length=7)
    platform = models.CharField(_("监管平台"), max_length=12, choices=Platform.choices)
    # Masked on entry (D13.2): the full number stays in the run's findings file.
    id_number_masked = models.CharField(_("公民身份号码"), max_length=18)
    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("人员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_findings",
    )
    household = models.ForeignKey(
        "core.Household",
        verbose_name=_("家庭"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_findings",
    )
    # An organisation's finding (S014, S015: an elderly-care facility) has no person:
    # `subject` is the run's "elderly.facility:<id>", `subject_name` the facility's name;
    # both empty for a person's finding, whose number is then `id_number_masked`.
    subject = models.CharField(_("监管对象"), max_length=64, blank=True)
    subject_name = models.CharField(_("监管对象名称"), max_length=200, blank=True)
    programme = models.CharField(_("资金项目"), max_length=32)
    first_month = models.CharField(_("起始月份"), max_length=7)
    last_month = models.CharField(_("截止月份"), max_length=7)
    months = models.PositiveIntegerField(_("涉及月数"))
    amount_at_risk = models.DecimalField(_("涉及金额"), max_digits=14, decimal_places=2)
    # The run's evidence object as JSON text (the file's `evidence` column, checked to be
    # a JSON object on ingest); `evidence_items` reads it for the pages.
    evidence = models.TextField(_("问题依据"), blank=True)
    assigned_to = models.ForeignKey(
        "core.User",
        verbose_name=_("核实责任人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_findings",
    )
    verdict_reason = models.TextField(_("核实结论"), blank=True)
    stop = models.ForeignKey(
        "payments.PaymentStop",
        verbose_name=_("停发记录"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recovery = models.OneToOneField(
        "payments.RecoveryOrder",
        verbose_name=_("追回单"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_finding",
    )
    closing_evidence = models.TextField(_("整改佐证"), blank=True)
    closing_file = models.CharField(_("佐证材料编号"), max_length=200, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("监管问题")
        verbose_name_plural = _("监管问题")
        ordering = ["deadline", "-id"]
        indexes = [
            models.Index(fields=["platform", "area", "status"], name="finding_platform_area")
        ]

    def __str__(self) -> str:
        """In words, as the audit trail and messages show it (no rule code, no number
        beyond its masked tail): 死亡后仍发放（尾号1234，2026年07月起）."""
        who = self.subject_label or f"尾号{self.id_number_masked[-4:]}"
        year, _, month = self.first_month.partition("-")
        return f"{self.rule_title}（{who}，{year}年{month}月起）"

    @property
    def subject_label(self) -> str:
        """The organisation in words, e.g. 养老服务设施“城东养老服务站”; "" for a person."""
        if not self.subject:
            return ""
        kind = SUBJECT_KINDS.get(self.subject.split(":", 1)[0], "单位")
        return f"{kind}“{self.subject_name}”" if self.subject_name else kind

    @property
    def programme_label(self) -> str:
        """The programme's words: an assistance programme, or money paid to an
        organisation (payments' institutional programmes, e.g. 老年助餐补贴)."""
        for vocabulary in ("programme", "institutional_programme"):
            if label := labels_of(vocabulary).get(self.programme):
                return label
        return code_label(self.programme, "programme")

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)

    @property
    def evidence_items(self) -> list[tuple[str, str]]:
        try:
            data = json.loads(self.evidence or "{}")
        except ValueError:
            return [("", mask_free_text(self.evidence))]
        if not isinstance(data, dict):
            return [("", mask_free_text(str(data)))]
        # An ID number or phone inside the evidence is masked like everywhere (D13.2).
        return [
            (
                evidence_label(str(k)),
                mask_free_text(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)),
            )
            for k, v in data.items()
        ]

    @property
    def rule_title(self) -> str:
        return rule_title(self.rule_id)

    @property
    def platform_label(self) -> str:
        return str(dict(Platform.choices).get(self.platform, self.platform))

    @property
    def recovered(self) -> Decimal:
        return self.recovery.recovered if self.recovery_id and self.recovery else Decimal("0.00")


class RectificationKind(models.TextChoices):
    STOP = "stop", _("停发")
    CORRECT = "correct", _("纠正")
    RECOVER = "recover", _("追回")


class Rectification(models.Model):
    """One rectification step on a confirmed finding (D14.12, D13.5)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="rectifications")
    kind = models.CharField(_("整改方式"), max_length=8, choices=RectificationKind.choices)
    note = models.TextField(_("整改说明"))
    actor = models.ForeignKey(
        "core.User", verbose_name=_("办理人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("整改记录")
        verbose_name_plural = _("整改记录")
        ordering = ["finding_id", "id"]

    def __str__(self) -> str:
        return f"监管问题{self.finding_id}整改：{self.get_kind_display()}"
