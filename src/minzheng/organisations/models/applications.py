"""Registration as licensing items (D10.6, D15): an application for establishment,
change or deregistration of an organisation is a licence application of the
`licensing` engine (its clocks, its workflow); this row holds what the organisations
app needs besides: the kind, the organisation concerned, the data proposed for the
register and, for changes, the sponsor's approval date. When the engine grants it,
`services/applications.on_licence_decided` writes the register (an establishment
registers the organisation, a change changes it, a deregistration ends it)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.masking import mask_id_number, mask_name
from minzheng.core.models.scoped import ScopedQuerySet


class RegistrationKind(models.TextChoices):
    ESTABLISHMENT = "establishment", _("成立登记")
    CHANGE = "change", _("变更登记")
    DEREGISTRATION = "deregistration", _("注销登记")


# The licensing items this app declares (licensing_items.yaml), by kind.
ITEM_OF_KIND = {
    RegistrationKind.ESTABLISHMENT: "org_establishment",
    RegistrationKind.CHANGE: "org_change",
    RegistrationKind.DEREGISTRATION: "org_deregistration",
}
KIND_OF_ITEM = {code: kind for kind, code in ITEM_OF_KIND.items()}


class RegistrationApplicationQuerySet(ScopedQuerySet["RegistrationApplication"]):
    scope_field = "licence__area__code"  # the authority's, like the licence application


class RegistrationApplication(models.Model):
    licence = models.OneToOneField(
        "licensing.LicenceApplication",
        verbose_name=_("行政许可申请"),
        on_delete=models.PROTECT,
        related_name="organisation_request",
    )
    kind = models.CharField(_("登记事项"), max_length=16, choices=RegistrationKind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("社会组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registration_applications",
    )
    # The register's fields as entered (text), checked again when granted.
    proposed = models.JSONField(_("拟登记事项"), default=dict)
    reason = models.TextField(_("申请理由"), blank=True)
    sponsor_approved_on = models.DateField(_("业务主管单位同意日期"), null=True, blank=True)
    filed_late = models.BooleanField(_("逾期申请"), default=False)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = RegistrationApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("社会组织登记申请")
        verbose_name_plural = _("社会组织登记申请")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind}:{self.licence_id}"

    @property
    def proposed_name(self) -> str:
        return str(
            self.proposed.get("name") or (self.organisation.name if self.organisation else "")
        )

    def proposed_masked(self) -> dict[str, str]:
        """The proposal as shown and audited: the legal representative's ID masked."""
        shown = {k: str(v) for k, v in self.proposed.items()}
        if shown.get("legal_rep_id_number"):
            shown["legal_rep_id_number"] = mask_id_number(shown["legal_rep_id_number"])
        if shown.get("legal_rep_name"):
            shown["legal_rep_name"] = mask_name(shown["legal_rep_name"])
        return shown
