"""Institutions of centralised support (集中供养, D2.9) and who lives in them: a 特困
person placed in an institution is paid to the institution's account, not their own
(D13.1). Changed only through `services.institutions` (audited)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.payments.models.accounts import mask_account_number


class InstitutionQuerySet(ScopedQuerySet["Institution"]):
    scope_field = "area__code"


class Institution(models.Model):
    name = models.CharField(_("机构名称"), max_length=60)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    area = models.ForeignKey(
        "core.Area", verbose_name=_("所在县（区）"), on_delete=models.PROTECT, related_name="+"
    )
    bank = models.CharField(_("开户银行"), max_length=60)
    account_number = models.CharField(_("账号"), max_length=32)
    holder_name = models.CharField(_("户名"), max_length=60)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("供养机构")
        verbose_name_plural = _("供养机构")

    def __str__(self) -> str:
        return self.name

    @property
    def masked_number(self) -> str:
        return mask_account_number(self.account_number)


class Placement(models.Model):
    """A person's stay in an institution: from the first of a month, until the first
    of the month they leave (None: still there)."""

    person = models.ForeignKey(
        "core.Person", verbose_name=_("供养对象"), on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("供养机构"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    starts_on = models.DateField(_("入住月份"))
    ends_on = models.DateField(_("离开月份"), null=True, blank=True)
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("集中供养安置")
        verbose_name_plural = _("集中供养安置")
        ordering = ["person_id", "starts_on"]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.institution_id}"
