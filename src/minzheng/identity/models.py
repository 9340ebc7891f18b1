"""Likely duplicates and their review (D0.1, D5.3): one row per pair of registry
records ever put to a reviewer, so a decision is remembered and never asked again,
and one row per merge, which records exactly what moved so that it can be undone."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet


class Source(models.TextChoices):
    SELF = "self", _("登记库自查")
    FEED = "feed", _("部门数据比对")
    ROLL = "roll", _("名册导入")
    REGISTRATION = "registration", _("新登记")


class MatchPairQuerySet(ScopedQuerySet["MatchPair"]):
    def pending(self) -> MatchPairQuerySet:
        return self.filter(status="pending")


class MatchPair(WorkflowCase):
    """Two registry records the model thinks may be one person. `person_a` has the
    lower id; the pair is unique, whatever its state. `area` is person_a's community;
    a reviewer must reach both records' areas to see the pair.

    A departmental feed's record whose ID number the registry does not hold, matched
    in the grey zone, is put to review the same way: `person_b` is then empty and
    `incoming` holds the feed's record (ID number, name, feeds); "same person" makes
    the next monitoring run read the feed's records as that person's, "different"
    never asks again (unique per registry person and incoming ID number)."""

    workflow_name = "identity_pair"

    person_a = models.ForeignKey(
        "core.Person", verbose_name=_("人员甲"), on_delete=models.PROTECT, related_name="+"
    )
    person_b = models.ForeignKey(
        "core.Person",
        verbose_name=_("人员乙"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # a feed's record (source "feed"): {"id_number", "name", "feeds": [titles]}
    incoming = models.JSONField(_("部门数据记录"), default=dict, blank=True)
    incoming_id_number = models.CharField(_("部门数据身份证号"), max_length=18, blank=True)
    probability = models.FloatField(_("匹配概率"))
    match_weight = models.FloatField(_("匹配权重"))
    # {comparison: match weight of its level} — the evidence per field
    evidence = models.JSONField(_("逐项依据"), default=dict)
    model_version = models.CharField(_("模型版本"), max_length=40)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    weak_chain = models.BooleanField(
        _("经弱关联成链"), default=False, help_text=_("自动匹配会经弱关联把多条记录连成一组")
    )

    objects = MatchPairQuerySet.as_manager()

    class Meta:
        verbose_name = _("疑似重复人员")
        verbose_name_plural = _("疑似重复人员")
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="identity_pair_once"),
            models.CheckConstraint(
                condition=Q(person_b__isnull=True) | Q(person_a__lt=models.F("person_b")),
                name="identity_pair_ordered",
            ),
            models.UniqueConstraint(
                fields=["person_a", "incoming_id_number"],
                condition=Q(person_b__isnull=True),
                name="identity_feed_record_once",
            ),
            models.CheckConstraint(
                condition=Q(person_b__isnull=False, incoming_id_number="")
                | Q(person_b__isnull=True, source="feed") & ~Q(incoming_id_number=""),
                name="identity_pair_two_records",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id}≈{self.person_b_id or self.incoming_id_number}"

    @property
    def from_feed(self) -> bool:
        return self.person_b_id is None


class PersonMerge(models.Model):
    """One merge of `merged` into `kept`: every row that pointed at `merged` and was
    moved, by table and column, so that undoing moves exactly those rows back."""

    pair = models.ForeignKey(MatchPair, on_delete=models.PROTECT, related_name="merges")
    kept = models.ForeignKey(
        "core.Person", verbose_name=_("保留档案"), on_delete=models.PROTECT, related_name="+"
    )
    merged = models.ForeignKey(
        "core.Person", verbose_name=_("并入档案"), on_delete=models.PROTECT, related_name="+"
    )
    # {"app_label.model.field": [primary keys moved]}
    moved = models.JSONField(_("迁移的记录"), default=dict)
    merged_by = models.ForeignKey(
        "core.User", verbose_name=_("合并人"), on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(_("合并时间"), auto_now_add=True)
    undone_by = models.ForeignKey(
        "core.User",
        verbose_name=_("撤销人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    undone_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("档案合并")
        verbose_name_plural = _("档案合并")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.merged_id}→{self.kept_id}"
