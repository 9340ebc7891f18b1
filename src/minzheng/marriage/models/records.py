"""Certificates (with replacements) and the marital status history of a person."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.marriage.models.cases import Divorce, MarriageRegistration
from minzheng.marriage.models.registries import Kind, Registry


class Certificate(models.Model):
    """A marriage (结婚证, J) or divorce (离婚证, L) certificate. Its number is
    `J<registry>-<year>-<sequence>`: unique, counted per registry, kind and year.
    A replacement (补领) is a new certificate that names the one it replaces."""

    kind = models.CharField(_("证件类别"), max_length=16, choices=Kind.choices)
    number = models.CharField(_("证件字号"), max_length=32, unique=True)
    registry = models.ForeignKey(Registry, verbose_name=_("登记处"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"))
    issued_on = models.DateField(_("发证日期"))
    registration = models.ForeignKey(
        MarriageRegistration, verbose_name=_("结婚登记"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="certificates",
    )  # fmt: skip
    divorce = models.ForeignKey(
        Divorce, verbose_name=_("离婚登记"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="certificates",
    )  # fmt: skip
    replaces = models.OneToOneField(
        "self", verbose_name=_("补发所替代的证件"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="replaced_by",
    )  # fmt: skip
    reason = models.CharField(_("补领原因"), max_length=100, blank=True)
    issued_by = models.ForeignKey(
        "core.User", verbose_name=_("发证人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("婚姻登记证件")
        verbose_name_plural = _("婚姻登记证件")
        ordering = ["issued_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registry", "kind", "year", "sequence"], name="marriage_cert_sequence"
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def current(self) -> bool:
        return not hasattr(self, "replaced_by")


class MaritalStatus(models.TextChoices):
    UNMARRIED = "unmarried", _("未婚")
    MARRIED = "married", _("已婚")
    DIVORCED = "divorced", _("离婚")
    WIDOWED = "widowed", _("丧偶")


class MaritalStatusChange(models.Model):
    """One step of a person's marital status; never edited, the latest is in force."""

    person = models.ForeignKey(
        "core.Person", verbose_name=_("人员"), on_delete=models.PROTECT,
        related_name="marital_status_changes",
    )  # fmt: skip
    status = models.CharField(_("婚姻状况"), max_length=16, choices=MaritalStatus.choices)
    effective_on = models.DateField(_("生效日期"))
    registration = models.ForeignKey(
        MarriageRegistration, verbose_name=_("结婚登记"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    divorce = models.ForeignKey(
        Divorce, verbose_name=_("离婚登记"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    certificate_number = models.CharField(_("证件字号"), max_length=32, blank=True)
    registry_name = models.CharField(_("登记机关"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        "core.User", verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("婚姻状况变更")
        verbose_name_plural = _("婚姻状况变更")
        ordering = ["person", "effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()}（{self.effective_on:%Y-%m-%d}）"
