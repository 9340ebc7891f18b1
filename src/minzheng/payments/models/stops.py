"""Stops (D13.5, D2.7, D6.4): from a month on, an enrolment no longer pays a payee —
after the payee's death, the enrolment's termination or a fast-track breach that stops
assistance. The month is the event's month plus the programme's setting
(`payments.stop.months_after`); the payroll pays nothing from it, and whatever was
already paid for a later month becomes a recovery order (`payments.stops`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models.scoped import ScopedQuerySet


class StopCause(models.TextChoices):
    DEATH = "death", _("死亡")
    TERMINATION = "termination", _("终止保障")
    BREACH = "breach", _("失信停止救助")


STOP_RULES = {
    StopCause.DEATH: "D13.5",
    StopCause.TERMINATION: "D13.5 D2.7",
    StopCause.BREACH: "D6.4",
}


class PaymentStopQuerySet(ScopedQuerySet["PaymentStop"]):
    scope_field = "enrolment__household__area__code"


class PaymentStop(models.Model):
    enrolment = models.ForeignKey(
        "assistance.Enrolment",
        verbose_name=_("保障对象"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    beneficiary = models.ForeignKey(
        "core.Person", verbose_name=_("收款人"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.CharField(_("救助项目"), max_length=32)
    cause = models.CharField(_("停发原因"), max_length=12, choices=StopCause.choices)
    event_on = models.DateField(_("事件日期"))
    from_month = models.DateField(_("停发起始月份"))
    rule = models.CharField(_("依据条款"), max_length=40)
    reason = models.CharField(_("说明"), max_length=300)
    created_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PaymentStopQuerySet.as_manager()

    class Meta:
        verbose_name = _("停发记录")
        verbose_name_plural = _("停发记录")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "beneficiary", "cause"], name="one_stop_per_cause"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}:{self.cause}:{self.from_month:%Y-%m}"
