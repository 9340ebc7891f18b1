"""The two registration cases: a marriage (D9.1–D9.2) and a divorce by agreement
(D9.3–D9.4). Both run through the workflow engine (marriage/workflows.py)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.marriage.models.registries import Registry
from minzheng.marriage.periods import DivorcePeriods


class Parties(models.Model):
    """Both parties as they presented their ID cards; `person` links the registry's
    record when the platform holds one (the couple may live anywhere, D9.1)."""

    party_a_name = models.CharField(_("甲方姓名"), max_length=50)
    party_a_id_number = models.CharField(_("甲方公民身份号码"), max_length=18, db_index=True)
    party_a = models.ForeignKey(
        "core.Person", verbose_name=_("甲方"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    party_b_name = models.CharField(_("乙方姓名"), max_length=50)
    party_b_id_number = models.CharField(_("乙方公民身份号码"), max_length=18, db_index=True)
    party_b = models.ForeignKey(
        "core.Person", verbose_name=_("乙方"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    registry = models.ForeignKey(Registry, verbose_name=_("登记处"), on_delete=models.PROTECT)
    received_by = models.ForeignKey(
        "core.User", verbose_name=_("受理人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class MarriageRegistration(Parties, WorkflowCase):
    workflow_name = "marriage_registration"

    received_on = models.DateField(_("受理日期"))
    # D9.1: both sign the declaration of no spouse and no prohibited kinship, in person.
    declaration_signed_at = models.DateTimeField(_("双方签署声明时间"))
    kinship = models.CharField(_("双方亲属关系"), max_length=16, default="unknown")
    check_reasons = models.TextField(_("审查意见"), blank=True)  # rule-cited, from rules.py
    registered_on = models.DateField(_("登记日期"), null=True, blank=True)
    dissolved_on = models.DateField(_("婚姻解除日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("结婚登记")
        verbose_name_plural = _("结婚登记")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"结婚登记 {self.party_a_name}、{self.party_b_name}"


class Divorce(Parties, WorkflowCase):
    workflow_name = "marriage_divorce"

    marriage = models.ForeignKey(
        MarriageRegistration, verbose_name=_("结婚登记"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="divorces",
    )  # fmt: skip
    marriage_certificate_number = models.CharField(_("结婚证字号"), max_length=32)
    # D9.3: the written agreement on children, property and debts.
    agreement_children = models.TextField(_("子女抚养"))
    agreement_property = models.TextField(_("财产处理"))
    agreement_debts = models.TextField(_("债务处理"))
    received_on = models.DateField(_("受理日期"))
    cooling_off_ends_on = models.DateField(_("冷静期届满日"))
    window_ends_on = models.DateField(_("申领离婚证截止日"))
    withdrawn_by = models.CharField(_("撤回方"), max_length=8, blank=True)  # party_a/party_b
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("协议离婚")
        verbose_name_plural = _("协议离婚")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"离婚登记 {self.party_a_name}、{self.party_b_name}"

    @property
    def periods(self) -> DivorcePeriods:
        return DivorcePeriods(self.received_on, self.cooling_off_ends_on, self.window_ends_on)

    def phase(self, today: dt.date) -> str:
        return self.periods.phase(today)
