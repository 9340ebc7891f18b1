"""Near relatives of staff and committee members (近亲属备案, D1.10)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRelative(models.Model):
    staff = models.ForeignKey(
        "core.User",
        verbose_name=_("工作人员"),
        on_delete=models.PROTECT,
        related_name="registered_relatives",
    )
    relative = models.ForeignKey(
        "core.Person",
        verbose_name=_("近亲属"),
        on_delete=models.PROTECT,
        related_name="staff_relations",
    )
    relation = models.CharField(_("关系"), max_length=30)
    registered_on = models.DateField(_("备案日期"))
    registered_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("近亲属备案")
        verbose_name_plural = _("近亲属备案")
        constraints = [
            models.UniqueConstraint(fields=["staff", "relative"], name="one_registration")
        ]

    def __str__(self) -> str:
        return f"{self.staff_id}~{self.relative_id}"
