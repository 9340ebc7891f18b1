"""Institutional payables (单位资金拨付, D13.1 "to the institution's account"): money a
domain decides to pay an organisation rather than a person — a canteen's monthly meal
subsidy, a station's operating subsidy, a construction subsidy (issue 14 items 5 and 6).

One payable is one amount for one source object (the decision that fixed it, e.g. an
approved meal settlement), to one payee organisation (name, credit code, bank account
copied when the payable is opened, D13.3), for a programme and a month, linked to the
subject it pays for (e.g. the facility). No source is paid twice: the database holds
one payable per source (`a_source_is_paid_once`). Its states are moved by the workflow
engine (`payments.workflows.PAYABLE`) and every money step is a ledger entry
(`LedgerEntry.payable`): issued (sent), paid / failed / returned (the bank's answer),
reissued (sent again after a failure or return, within the re-issue window)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.workflow import get_workflow
from minzheng.payments.models.accounts import mask_account_number


class PayableProgramme(models.TextChoices):
    """Programme codes of institutional payables (the ledger's `programme`)."""

    ELDERLY_MEAL = "elderly_meal_subsidy", _("老年助餐补贴")
    ELDERLY_OPERATING = "elderly_operating_subsidy", _("养老服务设施运营补贴")
    ELDERLY_CONSTRUCTION = "elderly_construction_subsidy", _("养老服务设施建设补贴")


class InstitutionalPayable(WorkflowCase):
    """`area` (the case's) is the county that pays (its bureau sends and reconciles).
    `payee_kind`/`payee_ref` name the domain's record of the payee (e.g. an elderly
    facility's operator), whose current account a re-issue takes
    (`payments.payables.register_payee_source`)."""

    workflow_name = "institutional_payable"

    programme = models.CharField(_("资金项目"), max_length=32, choices=PayableProgramme.choices)
    month = models.DateField(_("所属月份"), help_text=_("月份第一天"))
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)
    source_kind = models.CharField(_("来源类型"), max_length=40)  # e.g. elderly.settlement
    source_id = models.BigIntegerField(_("来源编号"))
    source_label = models.CharField(_("来源"), max_length=120)  # words for the page
    subject_kind = models.CharField(_("支付对象类型"), max_length=40)  # e.g. elderly.facility
    subject_id = models.BigIntegerField(_("支付对象编号"))
    payee_kind = models.CharField(_("收款单位类型"), max_length=40)  # e.g. elderly.operator
    payee_ref = models.BigIntegerField(_("收款单位编号"))
    payee_name = models.CharField(_("收款单位"), max_length=100)
    payee_credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    bank = models.CharField(_("开户银行"), max_length=60)
    account_number = models.CharField(_("账号"), max_length=32)
    holder_name = models.CharField(_("户名"), max_length=100)
    bank_reason = models.CharField(_("银行反馈"), max_length=200, blank=True)
    answered_on = models.DateField(_("银行反馈日期"), null=True, blank=True)
    reissues = models.PositiveSmallIntegerField(_("补发次数"), default=0)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位资金拨付")
        verbose_name_plural = _("单位资金拨付")
        ordering = ["-month", "area_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_id"], name="a_source_is_paid_once"
            ),
            models.CheckConstraint(condition=Q(amount__gt=Decimal("0")), name="payable_positive"),
        ]
        indexes = [models.Index(fields=["subject_kind", "subject_id"], name="payable_subject")]

    def __str__(self) -> str:
        return f"{self.source_label} {self.amount}"

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)

    @property
    def programme_label(self) -> str:
        return str(dict(PayableProgramme.choices).get(self.programme, self.programme))

    @property
    def masked_number(self) -> str:
        return mask_account_number(self.account_number)
