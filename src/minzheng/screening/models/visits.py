"""A caseworker's visit to a target household in a round (入户走访 / 电话回访)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models.photos import VisitPhotoBase
from minzheng.core.models.scoped import ScopedQuerySet


class VisitMethod(models.TextChoices):
    HOME = "home", _("入户走访")
    PHONE = "phone", _("电话回访")


class VisitOutcome(models.TextChoices):
    NO_DIFFICULTY = "no_difficulty", _("无明显困难")
    IDENTIFIED = "identified_for_assistance", _("发现需救助")
    PLACED = "placed_under_tracked_help", _("纳入重点帮扶")
    REFERRED = "referred", _("转介其他部门")
    NOT_FOUND = "not_found", _("未见到人（人户分离等）")


class VisitQuerySet(ScopedQuerySet["Visit"]):
    scope_field = "target__area__code"


class Visit(models.Model):
    """Each visit is one person-time (人次) of the campaign; a target may be visited
    more than once in a round, and is covered once it has one visit."""

    target = models.ForeignKey(
        "screening.CampaignTarget", on_delete=models.PROTECT, related_name="visits"
    )
    round = models.ForeignKey("screening.Round", on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("走访日期"))
    visitor = models.ForeignKey(
        "core.User", verbose_name=_("走访人"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("方式"), max_length=8, choices=VisitMethod.choices)
    situation = models.TextField(_("情况记录"))
    outcome = models.CharField(_("走访结论"), max_length=32, choices=VisitOutcome.choices)
    key_household = models.ForeignKey(
        "screening.KeyHousehold",
        verbose_name=_("纳入的重点帮扶"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["round", "target"])]

    def __str__(self) -> str:
        return f"{self.target_id}@{self.visited_on}"

    @property
    def is_late(self) -> bool:
        """Recorded after the round's deadline: it still covers the target, and shows."""
        return self.visited_on > self.round.ends_on


class VisitPhoto(VisitPhotoBase):
    """A photo of a document taken at the visit (issue 15 item 5): core.visit_photos
    checks, stores and audits it."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")

    class Meta(VisitPhotoBase.Meta):
        verbose_name = _("走访照片")
        verbose_name_plural = _("走访照片")
