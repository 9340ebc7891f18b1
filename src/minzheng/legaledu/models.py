"""Legal-education activities and yearly study plans, each in an area (D0.3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models.scoped import ScopedQuerySet


class ActivityKind(models.TextChoices):
    LEGAL_FAIR = "legal_fair", _("普法宣传（法治集市）")
    LECTURE = "lecture", _("法治讲座")
    STUDY_SESSION = "study_session", _("学法活动（集中学习）")
    TRAINING = "training", _("业务法规培训")


# The kinds that count towards a unit's study plan: its own staff learning the law.
STUDY_KINDS = (ActivityKind.STUDY_SESSION, ActivityKind.TRAINING)


class ActivityQuerySet(ScopedQuerySet["Activity"]):
    pass


class Activity(models.Model):
    """A legal fair counts the public who came; a study session names the staff present
    (their number is then the participant count)."""

    kind = models.CharField(_("活动类型"), max_length=16, choices=ActivityKind.choices)
    held_on = models.DateField(_("活动日期"), db_index=True)
    area = models.ForeignKey(
        "core.Area", verbose_name=_("活动地点（区划）"), on_delete=models.PROTECT, related_name="+"
    )
    venue = models.CharField(_("具体地点"), max_length=100)
    topic = models.CharField(_("主题"), max_length=200)
    organiser = models.CharField(_("组织单位"), max_length=100)
    participant_count = models.PositiveIntegerField(_("参加人数"))
    attendees = models.ManyToManyField(
        "core.User", verbose_name=_("参加学习的工作人员"), blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        "core.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("普法学法活动")
        verbose_name_plural = _("普法学法活动")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class PlanQuerySet(ScopedQuerySet["StudyPlan"]):
    pass


class StudyPlan(models.Model):
    """A unit's yearly plan: how many study sessions its staff will hold."""

    area = models.ForeignKey(
        "core.Area", verbose_name=_("单位（区划）"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    planned_sessions = models.PositiveSmallIntegerField(_("计划学法次数"))
    content = models.TextField(_("学习内容"), blank=True)
    recorded_by = models.ForeignKey(
        "core.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度学法计划")
        verbose_name_plural = _("年度学法计划")
        ordering = ["-year", "area_id"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="one_study_plan_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.area_id}:{self.year}"
