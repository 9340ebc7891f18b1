"""Credit + assistance (D6): grant first on a pledge, verify afterwards, penalise breaches."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Grant(models.Model):
    """Assistance granted before verification (先办后核, D6.2)."""

    application = models.OneToOneField(
        "assistance.Application", on_delete=models.PROTECT, related_name="grant"
    )
    amount = models.DecimalField(_("发放金额（元）"), max_digits=12, decimal_places=2)
    granted_on = models.DateField(_("发放日期"))
    verify_by = models.DateField(_("事后核查时限"))
    granted_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("先行发放")
        verbose_name_plural = _("先行发放")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.amount}"


class BreachGrade(models.TextChoices):
    GENERAL = "general", _("一般")
    SERIOUS = "serious", _("较重")
    SEVERE = "severe", _("严重")


class Breach(models.Model):
    """A breach found by the verification (D6.3, D6.4) and its sanctions."""

    grant = models.OneToOneField(Grant, on_delete=models.PROTECT, related_name="breach")
    grade = models.CharField(_("失信等级"), max_length=8, choices=BreachGrade.choices)
    facts = models.TextField(_("失信事实"))
    warning = models.BooleanField(_("警示"), default=True)
    stop_assistance = models.BooleanField(_("停止救助"), default=False)
    recovery_amount = models.DecimalField(
        _("责令退回金额（元）"), max_digits=12, decimal_places=2, default=0
    )
    decided_on = models.DateField(_("认定日期"))
    decided_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("失信认定")
        verbose_name_plural = _("失信认定")

    def __str__(self) -> str:
        return f"{self.grant_id}: {self.get_grade_display()}"


class CreditRecordQuerySet(models.QuerySet["CreditRecord"]):
    def in_force(self, on: dt.date) -> CreditRecordQuerySet:
        return self.filter(starts_on__lte=on).filter(Q(ends_on__gt=on))


class CreditRecord(models.Model):
    """A dishonesty record on the applicant: blocks the fast track while in force (D6.4)."""

    person = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="credit_records"
    )
    breach = models.OneToOneField(Breach, on_delete=models.PROTECT, related_name="record")
    grade = models.CharField(_("失信等级"), max_length=8, choices=BreachGrade.choices)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期"))
    shared_for_joint_sanctions = models.BooleanField(_("推送联合惩戒"), default=False)

    objects = CreditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("失信记录")
        verbose_name_plural = _("失信记录")

    def __str__(self) -> str:
        return f"{self.person_id} {self.starts_on}–{self.ends_on}"
