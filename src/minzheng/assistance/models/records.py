"""What the investigation records: data-check report, home visits, public notices (D1.6, D1.7)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models.photos import VisitPhotoBase


class MeansTestReport(models.Model):
    """The verification agency's data-check report (信息核对报告, D1.6)."""

    application = models.ForeignKey(
        "assistance.Application", on_delete=models.CASCADE, related_name="means_tests"
    )
    reference = models.CharField(_("核对报告编号"), max_length=50)
    received_on = models.DateField(_("出具日期"))
    monthly_income = models.DecimalField(
        _("核对家庭月收入（元）"), max_digits=12, decimal_places=2
    )
    findings = models.TextField(_("核对结论"), blank=True)
    recorded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("家庭经济状况核对报告")
        verbose_name_plural = _("家庭经济状况核对报告")

    def __str__(self) -> str:
        return self.reference


class HomeVisit(models.Model):
    """A home visit (入户调查); at least two investigators sign (D1.6). For a near
    relative of staff the county makes the visit itself (D1.10)."""

    application = models.ForeignKey(
        "assistance.Application", on_delete=models.CASCADE, related_name="home_visits"
    )
    visited_on = models.DateField(_("调查日期"))
    by_county = models.BooleanField(_("县级入户"), default=False)
    findings = models.TextField(_("调查情况"))
    recorded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("入户调查")
        verbose_name_plural = _("入户调查")

    def __str__(self) -> str:
        return f"{self.application_id}@{self.visited_on}"


class HomeVisitInvestigator(models.Model):
    visit = models.ForeignKey(HomeVisit, on_delete=models.CASCADE, related_name="investigators")
    user = models.ForeignKey(
        "core.User", verbose_name=_("调查人"), on_delete=models.PROTECT, related_name="+"
    )
    signed = models.BooleanField(_("已签字"), default=True)

    class Meta:
        verbose_name = _("调查人")
        constraints = [
            models.UniqueConstraint(fields=["visit", "user"], name="one_signature_per_person")
        ]

    def __str__(self) -> str:
        return str(self.user_id)


class PublicNotice(models.Model):
    """A posting of the proposed result in the community (D1.7); re-posted after an objection."""

    application = models.ForeignKey(
        "assistance.Application", on_delete=models.CASCADE, related_name="notices"
    )
    round = models.PositiveSmallIntegerField(_("公示轮次"), default=1)
    posted_on = models.DateField(_("公示开始"))
    ends_on = models.DateField(_("公示结束"))
    place = models.CharField(_("公示地点"), max_length=200)
    proposed_result = models.CharField(_("拟定结果"), max_length=300)

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["application_id", "round"]

    def __str__(self) -> str:
        return f"{self.application_id}#{self.round}"


class Objection(models.Model):
    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="objections")
    received_on = models.DateField(_("收到日期"))
    summary = models.TextField(_("异议内容"))
    recorded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")

    def __str__(self) -> str:
        return f"{self.notice_id}: {self.summary[:20]}"


class HomeVisitPhoto(VisitPhotoBase):
    """A photo of a document taken at the home visit (issue 15 item 5)."""

    visit = models.ForeignKey(HomeVisit, on_delete=models.CASCADE, related_name="photos")

    class Meta(VisitPhotoBase.Meta):
        verbose_name = _("入户调查照片")
        verbose_name_plural = _("入户调查照片")
