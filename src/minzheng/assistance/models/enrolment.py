"""Enrolled beneficiaries and their history (D1.8, D1.16, D1.17, D2.7)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.assistance.models.applications import Programme
from minzheng.core.models.scoped import ScopedQuerySet


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("在保")
    GRADUAL_EXIT = "gradual_exit", _("渐退期")
    ENDED = "ended", _("已退出")


class ReviewClass(models.TextChoices):
    """D1.16: stable finances yearly; unstable income with able members six-monthly;
    the local class C quarterly [L]. Months per class are configuration (the labels
    name the rulebook's defaults). The letters are codes: users read the labels."""

    A = "A", _("每年复核")
    B = "B", _("每半年复核")
    C = "C", _("每季度复核")


class EnrolmentQuerySet(ScopedQuerySet["Enrolment"]):
    scope_field = "household__area__code"

    def current(self) -> EnrolmentQuerySet:
        return self.exclude(status=EnrolmentStatus.ENDED)


class Enrolment(models.Model):
    household = models.ForeignKey(
        "core.Household", on_delete=models.PROTECT, related_name="enrolments"
    )
    programme = models.CharField(_("救助项目"), max_length=32)
    application = models.OneToOneField(
        "assistance.Application", on_delete=models.PROTECT, related_name="enrolment"
    )
    starts_on = models.DateField(_("起始月份"), help_text=_("批准次月起（D1.8）"))
    ends_on = models.DateField(_("终止月份"), null=True, blank=True)
    monthly_amount = models.DecimalField(_("月保障金额（元）"), max_digits=12, decimal_places=2)
    covered_members = models.PositiveSmallIntegerField(_("保障人数"))
    review_class = models.CharField(
        _("复核类别"), max_length=1, choices=ReviewClass.choices, default=ReviewClass.A
    )
    next_review_on = models.DateField(_("下次复核日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("保障对象")
        verbose_name_plural = _("保障对象")

    def __str__(self) -> str:
        return f"{self.household_id}:{self.programme}"

    @property
    def programme_label(self) -> str:
        return str(dict(Programme.choices).get(self.programme, "其他"))


class ChangeKind(models.TextChoices):
    START = "start", _("纳入保障")
    UNCHANGED = "unchanged", _("复核：维持")
    ADJUST = "adjust", _("复核：调整金额")
    GRADUAL_EXIT = "gradual_exit", _("复核：进入渐退期")
    TERMINATE = "terminate", _("终止保障")


class EnrolmentChange(models.Model):
    """Every change of an enrolment is a row: the history is never overwritten."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(_("变动类型"), max_length=16, choices=ChangeKind.choices)
    effective_on = models.DateField(_("生效月份"))
    amount_before = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    amount_after = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    reasons = models.JSONField(_("理由（含政策条款）"), default=list)
    decided_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("保障变动")
        verbose_name_plural = _("保障变动")
        ordering = ["enrolment_id", "effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.kind} {self.effective_on}"
