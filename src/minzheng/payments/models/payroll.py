"""Payroll cycles and their lines (D13.3).

A cycle is one programme, one county and one month, moved through the payroll
workflow (`payments.workflows`). Its lines are computed from the enrolments in force
that month and freeze the payee and the account; an approved cycle is never
recomputed. No double payment is a database guarantee, not a hope: one payable line
per (beneficiary, programme, month), every month a line pays (its own and the months
of arrears) claimed once in `CoveredMonth`, and a failed line re-issued at most once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minzheng.assistance.models import Programme
from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.workflow import get_workflow
from minzheng.payments.models.accounts import mask_account_number

ZERO = Decimal("0.00")


class CycleKind(models.TextChoices):
    REGULAR = "regular", _("月度发放")
    CORRECTION = "correction", _("补发批次")


class PayrollCycle(WorkflowCase):
    """`area` (of the case base) is the county whose households the cycle pays."""

    workflow_name = "payroll"

    programme = models.CharField(_("救助项目"), max_length=32)
    month = models.DateField(_("发放月份"), help_text=_("月份第一天"))
    kind = models.CharField(
        _("批次类型"), max_length=12, choices=CycleKind.choices, default=CycleKind.REGULAR
    )
    line_count = models.PositiveIntegerField(_("笔数"), default=0)
    total = models.DecimalField(_("应发总额（元）"), max_digits=16, decimal_places=2, default=ZERO)
    held_count = models.PositiveIntegerField(_("暂停发放笔数"), default=0)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    # Sources a correction batch could not re-issue, each with the reason and rule
    # (past the re-issue window, D13.3): [{"reference": …, "reason": …}].
    not_reissued = models.JSONField(_("未能补发"), default=list, blank=True)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("发放批次")
        verbose_name_plural = _("发放批次")
        ordering = ["-month", "area_id", "programme", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "area", "month"],
                condition=Q(kind="regular"),
                name="one_regular_cycle_per_programme_county_month",
            )
        ]

    def __str__(self) -> str:
        label = dict(Programme.choices).get(self.programme, self.programme)
        return f"{self.area_id} {label} {self.month:%Y-%m}"

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)


class LineStatus(models.TextChoices):
    PENDING = "pending", _("待发放")
    HELD = "held", _("暂停发放")
    SENT = "sent", _("已送银行（待回盘）")
    PAID = "paid", _("已发放")
    FAILED = "failed", _("发放失败")
    RETURNED = "returned", _("银行退回")
    REISSUED = "reissued", _("已补发")


IN_FLIGHT = frozenset({LineStatus.SENT})
REISSUABLE = frozenset({LineStatus.FAILED, LineStatus.RETURNED, LineStatus.HELD})


class PayrollLineQuerySet(ScopedQuerySet["PayrollLine"]):
    scope_field = "household__area__code"  # a line lies where its household lives


class PayrollLine(models.Model):
    # No database foreign key either (CASCADE stays in the ORM): the lines are written
    # by `payroll_sql` for the cycle it holds locked, and the check per line cost 7 s
    # of a million-line cycle (docs/payments.md "Benchmark").
    cycle = models.ForeignKey(
        PayrollCycle, on_delete=models.CASCADE, related_name="lines", db_constraint=False
    )
    reference = models.CharField(_("流水号"), max_length=24)
    # Frozen copies (D13.3): who, which household, which enrolment, as they were when
    # the line was computed. No database foreign key (PROTECT stays in the ORM): a
    # deferred check per line cost most of the time of a city-sized payroll
    # (docs/payments.md "Benchmark"); the money is guarded by the unique constraints.
    beneficiary = models.ForeignKey(
        "core.Person",
        verbose_name=_("收款人"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )  # indexed: a person's payments (history, API `person=`, stops' paid months)
    household = models.ForeignKey(
        "core.Household",
        verbose_name=_("家庭"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )  # indexed: the household page's payments
    enrolment = models.ForeignKey(
        "assistance.Enrolment",
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,  # read through the line, never searched by
    )
    programme = models.CharField(_("救助项目"), max_length=32)
    month = models.DateField(_("发放月份"))
    # The payee and account as they were when the cycle was computed (D13.3).
    payee_name = models.CharField(_("收款人姓名"), max_length=50)
    payee_id_number = models.CharField(_("证件号码"), max_length=18)
    bank = models.CharField(_("开户银行"), max_length=60, blank=True)
    account_number = models.CharField(_("账号"), max_length=32, blank=True)
    holder_name = models.CharField(_("户名"), max_length=50, blank=True)
    base = models.DecimalField(_("基本金额"), max_digits=12, decimal_places=2, default=ZERO)
    arrears = models.DecimalField(_("补发金额"), max_digits=12, decimal_places=2, default=ZERO)
    gradual_exit = models.DecimalField(
        _("渐退期金额"), max_digits=12, decimal_places=2, default=ZERO
    )
    deductions = models.DecimalField(
        _("扣减（追回）"), max_digits=12, decimal_places=2, default=ZERO
    )
    total = models.DecimalField(_("实发金额"), max_digits=12, decimal_places=2, default=ZERO)
    basis = models.JSONField(_("各项依据（规则）"), default=dict)
    arrears_months = models.JSONField(_("补发月份"), default=list)
    recovery = models.ForeignKey(
        "payments.RecoveryOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # read through the line; null on almost every line
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=LineStatus.choices, default=LineStatus.PENDING
    )
    held_reason = models.CharField(_("暂停原因"), max_length=200, blank=True)
    bank_reason = models.CharField(_("银行反馈"), max_length=200, blank=True)
    # Paid to an institution's account (集中供养, D13.1) instead of the person's.
    institution = models.ForeignKey(
        "payments.Institution",
        verbose_name=_("供养机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # read through the line; null unless paid to an institution
    )
    answered_on = models.DateField(
        _("结果日期"), null=True, blank=True, help_text=_("银行回盘（或批次送银行时暂停）的日期")
    )
    reissue_of = models.ForeignKey(
        "self",
        verbose_name=_("补发来源"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # `a_line_is_reissued_at_most_once` is its index
    )

    objects = PayrollLineQuerySet.as_manager()

    # Not stored: each month's amount (its own, each arrears month) when computed,
    # written to `CoveredMonth.amount` (what a stop later recovers, D13.5).
    month_amounts: dict[dt.date, Decimal]

    class Meta:
        verbose_name = _("发放明细")
        verbose_name_plural = _("发放明细")
        ordering = ["cycle_id", "id"]
        constraints = [
            # A constraint, not `unique=True`: no second (pattern) index on PostgreSQL,
            # references are only ever compared whole.
            models.UniqueConstraint(fields=["reference"], name="a_reference_is_unique"),
            models.UniqueConstraint(
                fields=["beneficiary", "programme", "month"],
                condition=Q(reissue_of__isnull=True),
                name="one_payable_line_per_beneficiary_programme_month",
            ),
            models.UniqueConstraint(
                fields=["reissue_of"],
                condition=Q(reissue_of__isnull=False),
                name="a_line_is_reissued_at_most_once",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def masked_account(self) -> str:
        return mask_account_number(self.account_number)


class CoveredMonth(models.Model):
    """A month a line pays for, its own or one of its arrears: claimed once per
    beneficiary and programme, and for a household programme (D13.1) once per household
    as well, so arrears never pay a month twice — not even to a new head of household
    for a month the former head was paid (D13.3)."""

    line = models.ForeignKey(PayrollLine, on_delete=models.CASCADE, related_name="covered")
    # The line's beneficiary, copied (no database foreign key, no index of its own: the
    # unique constraint below leads with it).
    beneficiary = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    # The line's household, copied likewise; claimed for the household when the
    # programme pays the household (`payees.HOUSEHOLD_PROGRAMMES`, D13.1).
    household = models.ForeignKey(
        "core.Household",
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    household_claim = models.BooleanField(default=False)
    programme = models.CharField(max_length=32)
    month = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, default=ZERO)  # for the month

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "programme", "month"], name="a_month_is_paid_once"
            ),
            models.UniqueConstraint(
                fields=["household", "programme", "month"],
                condition=Q(household_claim=True),
                name="a_household_month_is_paid_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary_id}:{self.programme}:{self.month:%Y-%m}"
