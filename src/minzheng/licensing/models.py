"""Licence applications (行政许可申请), their correction notices and clock pauses.

An application belongs to the authority that handles it (`area`: a county or the
city, D0.3): those who reach that authority see it. The limits in force on the day
of acceptance are copied onto the application (`statutory_limit`, `promised_limit`),
so a later change of the setting never moves a running clock (D15.1, D15.3).
"""

from __future__ import annotations

from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.workflow import get_workflow
from minzheng.licensing.clocks import Pause


class ApplicantKind(models.TextChoices):
    ORGANISATION = "organisation", _("单位")
    PERSON = "person", _("个人")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("准予许可")
    REFUSED = "refused", _("不予许可")


class LimitUnit(models.TextChoices):
    """The unit of the item's limits, copied at acceptance (D15.1, D10.6)."""

    WORKING_DAYS = "working_days", _("工作日")
    CALENDAR_DAYS = "calendar_days", _("日")


class PauseStage(models.TextChoices):
    """Stages that do not count towards the limit (D15.2, 行政许可法 art. 45)."""

    HEARING = "hearing", _("听证")
    EXPERT_REVIEW = "expert_review", _("专家评审")
    TESTING = "testing", _("检验、检测、检疫")
    ON_SITE = "on_site", _("现场勘验（法律规定不计时的）")


OPEN_STATES = ("received", "correction", "accepted", "paused", "extension_requested")
CLOCK_STATES = ("accepted", "paused", "extension_requested")


class ApplicationQuerySet(ScopedQuerySet["LicenceApplication"]):
    def open(self) -> Self:
        return self.filter(status__in=OPEN_STATES)

    def decided(self) -> Self:
        return self.filter(decided_on__isnull=False)


class LicenceApplication(WorkflowCase):
    workflow_name = "licence_application"

    number = models.CharField(_("申请编号"), max_length=32, unique=True)
    item_code = models.CharField(_("许可事项"), max_length=64, db_index=True)
    applicant_kind = models.CharField(
        _("申请人类型"), max_length=16, choices=ApplicantKind.choices
    )
    applicant_name = models.CharField(_("申请人"), max_length=100)
    applicant_code = models.CharField(_("统一社会信用代码或身份证号码"), max_length=18)
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    subject = models.CharField(_("申请事项内容"), max_length=200)
    materials_received = models.JSONField(_("已收材料"), default=list)
    received_on = models.DateField(_("收件日期"))
    received_by = models.ForeignKey(
        "core.User", verbose_name=_("收件人"), on_delete=models.PROTECT, related_name="+"
    )
    # D15.1 (art. 42 para. 2): handled jointly with other bodies: 45 + 15 working days.
    joint = models.BooleanField(_("统一、联合或集中办理"), default=False)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    deemed_accepted = models.BooleanField(_("逾期未告知视为受理"), default=False)
    statutory_limit = models.PositiveSmallIntegerField(_("法定时限"), null=True)
    promised_limit = models.PositiveSmallIntegerField(_("承诺时限"), null=True)
    limit_unit = models.CharField(
        _("时限单位"), max_length=16, choices=LimitUnit.choices, default=LimitUnit.WORKING_DAYS
    )
    extension_days = models.PositiveSmallIntegerField(_("延长天数"), default=0)
    promised_extension_days = models.PositiveSmallIntegerField(_("承诺时限延长天数"), default=0)
    extension_requested_by = models.ForeignKey(
        "core.User",
        verbose_name=_("延期申请人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    extension_reason = models.CharField(_("延期理由"), max_length=500, blank=True)
    extension_approved_by = models.ForeignKey(
        "core.User",
        verbose_name=_("延期批准人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    outcome = models.CharField(_("决定"), max_length=16, choices=Outcome.choices, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    # Fixed at the decision, so that on-time rates are sums (rates.py), never recounted.
    within_statutory = models.BooleanField(_("法定时限内办结"), null=True)
    within_promised = models.BooleanField(_("承诺时限内办结"), null=True)
    delivery_due = models.DateField(_("送达期限"), null=True, blank=True)
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政许可申请")
        verbose_name_plural = _("行政许可申请")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["area", "decided_on"])]

    def __str__(self) -> str:
        return self.number

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)

    def pauses(self) -> list[Pause]:
        return [Pause(p.started_on, p.ended_on) for p in self.clock_pauses.all()]

    def last_pause(self) -> ClockPause | None:
        return max(self.clock_pauses.all(), key=lambda p: p.started_on, default=None)


class CorrectionNotice(models.Model):
    """The one-time notice of everything to correct (一次性告知, D15.2)."""

    application = models.OneToOneField(
        LicenceApplication, on_delete=models.PROTECT, related_name="correction_notice"
    )
    issued_on = models.DateField(_("告知日期"))
    issued_by = models.ForeignKey(
        "core.User", verbose_name=_("告知人"), on_delete=models.PROTECT, related_name="+"
    )
    missing = models.JSONField(_("须补正的材料"), default=list)
    note = models.TextField(_("其他补正要求"), blank=True)
    supplied_on = models.DateField(_("补齐日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("补正材料告知")
        verbose_name_plural = _("补正材料告知")

    def __str__(self) -> str:
        return f"{self.application_id}@{self.issued_on}"


class ClockPause(models.Model):
    """A stage that does not count (hearing, expert review …), told in writing."""

    application = models.ForeignKey(
        LicenceApplication, on_delete=models.PROTECT, related_name="clock_pauses"
    )
    stage = models.CharField(_("中止计时环节"), max_length=16, choices=PauseStage.choices)
    started_on = models.DateField(_("中止日期"))
    ended_on = models.DateField(_("恢复日期"), null=True, blank=True)
    notice_number = models.CharField(_("书面告知文号"), max_length=40)
    started_by = models.ForeignKey(
        "core.User", verbose_name=_("办理人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("中止计时")
        verbose_name_plural = _("中止计时")
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_pause_per_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.stage}@{self.started_on}"
