"""Recovery orders (D13.5, D6.4): money paid that should not have been, recovered by
deductions from later payroll lines or repayments, written off only by the county
approver with a reason (`services.recovery`)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models.scoped import ScopedQuerySet


class RecoveryStatus(models.TextChoices):
    OPEN = "open", _("追回中")
    REPAID = "repaid", _("已追回")
    WRITTEN_OFF = "written_off", _("已核销")


class RecoveryOrder(models.Model):
    beneficiary = models.ForeignKey(
        "core.Person", verbose_name=_("对象"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.CharField(_("救助项目"), max_length=32)
    area = models.ForeignKey("core.Area", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("应追回金额"), max_digits=12, decimal_places=2)
    months = models.JSONField(_("所涉月份"), default=list)
    reason = models.CharField(_("原因"), max_length=300)
    rule = models.CharField(_("依据条款"), max_length=40)
    instalment = models.DecimalField(_("每期扣减"), max_digits=12, decimal_places=2)
    recovered = models.DecimalField(
        _("已追回"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=RecoveryStatus.choices, default=RecoveryStatus.OPEN
    )
    written_off_reason = models.CharField(_("核销理由"), max_length=300, blank=True)
    written_off_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    written_off_at = models.DateTimeField(_("核销时间"), null=True, blank=True)
    # The stop that opened it (D13.5), if a stop did; None when opened by hand.
    stop = models.ForeignKey(
        "payments.PaymentStop", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The fast-track breach whose ordered repayment it is (D6.4), if one is.
    breach = models.OneToOneField(
        "assistance.Breach", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # None: opened by the system (a stop found by the nightly sweep).
    created_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("追回单")
        verbose_name_plural = _("追回单")

    def __str__(self) -> str:
        return f"{self.beneficiary_id} {self.amount}"

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.recovered
