"""Party-branch standardisation of social organisations (D10.3): the branches (党支部)
of organisations and their yearly assessment on the five aspects — prominent political
function, sound systems and mechanisms, complete duties, distinctive premises, evident
role — each with a score and the evidence, and the result from the configured floors.
An organisation with the configured number of party members (3: a branch is to be set
up) and no branch is the trigger of the abnormal list's "no party organisation"
(D10.7); `Organisation.party_members` holds the count."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.masking import mask_name
from minzheng.core.models.scoped import ScopedQuerySet


class BranchKind(models.TextChoices):
    OWN = "own", _("单独组建")
    JOINT = "joint", _("联合组建")


class PartyBranchQuerySet(ScopedQuerySet["PartyBranch"]):
    scope_field = "organisation__area__code"


class PartyBranch(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="party_branches"
    )
    name = models.CharField(_("党组织名称"), max_length=100)
    kind = models.CharField(_("组建方式"), max_length=8, choices=BranchKind.choices)
    established_on = models.DateField(_("成立日期"))
    secretary = models.CharField(_("书记"), max_length=50)
    members = models.PositiveIntegerField(_("党员人数"))
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = PartyBranchQuerySet.as_manager()

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        ordering = ["organisation__name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def secretary_masked(self) -> str:
        return mask_name(self.secretary)


class BranchAssessmentQuerySet(ScopedQuerySet["BranchAssessment"]):
    scope_field = "branch__organisation__area__code"


class BranchAssessment(models.Model):
    """One year's assessment: a score and the evidence per aspect, the total, the result."""

    branch = models.ForeignKey(PartyBranch, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("年度"))
    scores = models.JSONField(_("各方面得分"))
    evidence = models.JSONField(_("各方面佐证材料"))
    total = models.PositiveIntegerField(_("总分"))
    result = models.CharField(_("评定结果"), max_length=20)
    assessed_on = models.DateField(_("评定日期"))
    assessed_by = models.ForeignKey(
        "core.User", verbose_name=_("评定人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = BranchAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("党组织规范化建设评定")
        verbose_name_plural = _("党组织规范化建设评定")
        ordering = ["-year", "branch_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "year"], name="one_assessment_per_branch_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.branch_id}@{self.year}"
