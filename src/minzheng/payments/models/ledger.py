"""The payment ledger (D13.3): append-only, guarded in the database
(`payments.ledger_guards`). Balanced per batch and programme: what was issued is
what was paid plus what failed or came back (`payments.ledger.imbalances`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerKind(models.TextChoices):
    ISSUED = "issued", _("发放")
    PAID = "paid", _("到账")
    FAILED = "failed", _("失败")
    RETURNED = "returned", _("退回")
    REISSUED = "reissued", _("补发")
    RECOVERED = "recovered", _("追回")


class LedgerEntry(models.Model):
    kind = models.CharField(_("类型"), max_length=12, choices=LedgerKind.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)
    programme = models.CharField(_("救助项目"), max_length=24)
    area = models.ForeignKey("core.Area", on_delete=models.PROTECT, related_name="+")
    cycle = models.ForeignKey(
        "payments.PayrollCycle", null=True, on_delete=models.PROTECT, related_name="+"
    )
    line = models.ForeignKey(
        "payments.PayrollLine", null=True, on_delete=models.PROTECT, related_name="+"
    )
    recovery = models.ForeignKey(
        "payments.RecoveryOrder", null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey("core.User", null=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("资金台账")
        verbose_name_plural = _("资金台账")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"
