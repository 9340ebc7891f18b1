"""The account a person is paid to (D13.1–D13.2): one per person, the social-security
card preferred. Changed only through `services.accounts.payee_account_save` (audited);
a payroll copies it at freeze time, so a later change never alters a frozen line."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models.scoped import ScopedQuerySet


def mask_account_number(number: str) -> str:
    """First four and last four digits shown, the rest starred (D0.4 masking)."""
    if len(number) <= 8:
        return "*" * len(number)
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"


class PayeeAccountQuerySet(ScopedQuerySet["PayeeAccount"]):
    scope_field = "person__area__code"


class PayeeAccount(models.Model):
    person = models.OneToOneField(
        "core.Person", verbose_name=_("收款人"), on_delete=models.PROTECT, related_name="+"
    )
    bank = models.CharField(_("开户银行"), max_length=60)
    account_number = models.CharField(_("账号"), max_length=32)
    holder_name = models.CharField(_("户名"), max_length=50)
    social_security_card = models.BooleanField(_("社会保障卡"), default=False)
    verified_on = models.DateField(_("核验日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PayeeAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("收款账户")
        verbose_name_plural = _("收款账户")

    def __str__(self) -> str:
        return f"{self.bank} {self.masked_number}"

    @property
    def masked_number(self) -> str:
        return mask_account_number(self.account_number)
