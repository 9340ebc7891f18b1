"""Community meal services (issue 14 item 5, D7.2): real-name meal records, the
refusal list, and the monthly settlement of subsidies with each canteen."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minzheng.core.masking import mask_name
from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.workflow import get_workflow


class Meal(models.TextChoices):
    BREAKFAST = "breakfast", _("早餐")
    LUNCH = "lunch", _("午餐")
    DINNER = "dinner", _("晚餐")


class SubsidyCategory(models.TextChoices):
    AGED = "aged", _("高龄老人")
    LOW_INCOME = "low_income", _("低收入老人")
    DISABLED = "disabled", _("残疾老人")


class RefusalReason(models.TextChoices):
    UNKNOWN_PERSON = "unknown_person", _("查无此人")
    INELIGIBLE = "ineligible", _("不符合补贴条件")
    DUPLICATE = "duplicate", _("同一餐次已享受补贴")
    CANTEEN_CLOSED = "canteen_closed", _("助餐点当日未营业")
    SETTLED = "settled", _("该月已结算")


class Source(models.TextChoices):
    PAGE = "page", _("页面录入")
    FILE = "file", _("助餐点日报文件")


class MealRecordQuerySet(ScopedQuerySet["MealRecord"]):
    scope_field = "canteen__area__code"


class MealRecord(models.Model):
    """One subsidised meal: at most one per person, day and meal time, whichever canteen
    (the database refuses a second)."""

    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+")
    canteen = models.ForeignKey(
        "elderly.Facility", on_delete=models.PROTECT, related_name="meal_records"
    )
    served_on = models.DateField(_("就餐日期"))
    meal = models.CharField(_("餐次"), max_length=10, choices=Meal.choices)
    price = models.DecimalField(_("餐费（元）"), max_digits=8, decimal_places=2)
    category = models.CharField(_("补贴类别"), max_length=12, choices=SubsidyCategory.choices)
    subsidy = models.DecimalField(_("补贴金额（元）"), max_digits=8, decimal_places=2)
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices)
    recorded_by = models.ForeignKey(
        "core.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = MealRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("助餐记录")
        verbose_name_plural = _("助餐记录")
        ordering = ["-served_on", "canteen_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "served_on", "meal"], name="one_subsidised_meal_per_time"
            ),
            models.CheckConstraint(
                condition=Q(subsidy__gte=0) & Q(subsidy__lte=models.F("price")),
                name="meal_subsidy_within_price",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.served_on}:{self.meal}"

    @property
    def person_masked(self) -> str:
        return mask_name(self.person.name)


class MealRefusalQuerySet(ScopedQuerySet["MealRefusal"]):
    scope_field = "canteen__area__code"


class MealRefusal(models.Model):
    """A meal claimed but not subsidised, with the reason. The ID number is kept masked:
    an unknown person's number is not a registry record to disclose."""

    canteen = models.ForeignKey(
        "elderly.Facility", on_delete=models.PROTECT, related_name="meal_refusals"
    )
    served_on = models.DateField(_("就餐日期"))
    meal = models.CharField(_("餐次"), max_length=10, choices=Meal.choices)
    id_number_masked = models.CharField(_("身份证号码（脱敏）"), max_length=18)
    name_masked = models.CharField(_("姓名（脱敏）"), max_length=50, blank=True)
    reason = models.CharField(_("原因"), max_length=16, choices=RefusalReason.choices)
    detail = models.CharField(_("说明"), max_length=200, blank=True)
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices)
    recorded_by = models.ForeignKey(
        "core.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = MealRefusalQuerySet.as_manager()

    class Meta:
        verbose_name = _("助餐补贴拒绝记录")
        verbose_name_plural = _("助餐补贴拒绝记录")
        ordering = ["-served_on", "-id"]

    def __str__(self) -> str:
        return f"{self.canteen_id}:{self.served_on}:{self.reason}"


class SettlementQuerySet(ScopedQuerySet["Settlement"]):
    pass


class Settlement(WorkflowCase):
    """A canteen's month: meals and subsidy by category, approved through the engine.
    `area` is the canteen's community. Figures are recomputed while it is a draft or
    returned; once submitted they are frozen, and meals of a submitted or approved
    month are refused (reason `settled`)."""

    workflow_name = "meal_settlement"

    canteen = models.ForeignKey(
        "elderly.Facility", on_delete=models.PROTECT, related_name="settlements"
    )
    month = models.DateField(_("结算月份"))  # the first day of the month
    meals = models.PositiveIntegerField(_("补贴餐数"), default=0)
    amount = models.DecimalField(_("补贴金额（元）"), max_digits=12, decimal_places=2)
    by_category = models.JSONField(_("分类别明细"), default=dict)  # code -> [meals, "amount"]
    prepared_by = models.ForeignKey(
        "core.User", verbose_name=_("编制人"), on_delete=models.PROTECT, related_name="+"
    )
    # Opened when approved: paid to the canteen's operator through payments (D13.1).
    payable = models.OneToOneField(
        "payments.InstitutionalPayable",
        verbose_name=_("资金拨付"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = SettlementQuerySet.as_manager()

    class Meta:
        verbose_name = _("助餐补贴月度结算")
        verbose_name_plural = _("助餐补贴月度结算")
        ordering = ["-month", "canteen_id"]
        constraints = [
            models.UniqueConstraint(fields=["canteen", "month"], name="one_settlement_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.canteen_id}:{self.month:%Y-%m}"

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)

    @property
    def category_rows(self) -> list[tuple[str, int, str]]:
        labels = dict(SubsidyCategory.choices)
        return [
            (str(labels.get(code, code)), int(v[0]), str(v[1]))
            for code, v in sorted(self.by_category.items())
        ]
