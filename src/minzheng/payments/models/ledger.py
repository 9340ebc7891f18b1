"""The payment ledger (D13.3): append-only, guarded in the database
(`payments.ledger_guards`). Balanced per batch and programme: what was issued is
what was paid plus what failed or came back (`payments.ledger.imbalances`)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
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
    programme = models.CharField(_("救助项目"), max_length=32)
    # The county, the batch and the actor are copies (the line's batch and county when
    # it was issued): no database foreign key, so that sending a city-sized batch checks
    # one key per entry (its line), not four (docs/payments.md "Benchmark").
    area = models.ForeignKey(
        "core.Area",
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,  # `ledger_by_area_prefix` (totals by area: LIKE 'prefix%')
    )
    cycle = models.ForeignKey(
        "payments.PayrollCycle",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )  # indexed: the balance per batch
    line = models.ForeignKey(
        "payments.PayrollLine", null=True, on_delete=models.PROTECT, related_name="+"
    )  # indexed: a line's entries (and no line with entries is deleted)
    recovery = models.ForeignKey(
        "payments.RecoveryOrder",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # read through the entry; null on almost every entry
    )
    payable = models.ForeignKey(
        "payments.InstitutionalPayable",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # `ledger_by_payable`: partial, the payroll's entries are not in it
    )  # an institutional payable's entries (payments.payables)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(
        "core.User",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,  # who, for the record; never searched by
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("资金台账")
        verbose_name_plural = _("资金台账")
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["area"], name="ledger_by_area_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(
                fields=["payable"], name="ledger_by_payable", condition=Q(payable__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"
