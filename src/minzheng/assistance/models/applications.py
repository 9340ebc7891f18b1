"""An application for assistance: one case through the regular or the fast track."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core import codes
from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.workflow import get_workflow


class Programme(models.TextChoices):
    """The programmes a household applies for here: a subset of the one vocabulary's
    (`core.codes.Programme`, the policy engine's too), with its codes and labels."""

    DIBAO = codes.Programme.DIBAO, codes.Programme.DIBAO.label
    EXTREME_POVERTY = codes.Programme.EXTREME_POVERTY, codes.Programme.EXTREME_POVERTY.label
    ORPHAN = codes.Programme.ORPHAN, codes.Programme.ORPHAN.label
    UNSUPPORTED_CHILD = codes.Programme.UNSUPPORTED_CHILD, codes.Programme.UNSUPPORTED_CHILD.label
    TEMPORARY = codes.Programme.TEMPORARY, codes.Programme.TEMPORARY.label
    # Decided by their own procedures (minzheng.benefits, D4.5, D7.3, D7.4) and paid as
    # enrolments of the benefit track: never applied for through the assistance forms.
    DISABILITY_LIVING_SUBSIDY = (
        codes.Programme.DISABILITY_LIVING_SUBSIDY,
        codes.Programme.DISABILITY_LIVING_SUBSIDY.label,
    )
    DISABILITY_CARE_SUBSIDY = (
        codes.Programme.DISABILITY_CARE_SUBSIDY,
        codes.Programme.DISABILITY_CARE_SUBSIDY.label,
    )
    OLD_AGE_ALLOWANCE = codes.Programme.OLD_AGE_ALLOWANCE, codes.Programme.OLD_AGE_ALLOWANCE.label
    ELDERLY_CARE_SERVICE_SUBSIDY = (
        codes.Programme.ELDERLY_CARE_SERVICE_SUBSIDY,
        codes.Programme.ELDERLY_CARE_SERVICE_SUBSIDY.label,
    )


# The programmes applied for through the assistance procedures (its forms and API);
# the others are `minzheng.benefits`' and reach assistance only as enrolments.
ASSISTANCE_PROCEDURES = (
    Programme.DIBAO,
    Programme.EXTREME_POVERTY,
    Programme.ORPHAN,
    Programme.UNSUPPORTED_CHILD,
    Programme.TEMPORARY,
)
ASSISTANCE_CHOICES = [(p.value, p.label) for p in ASSISTANCE_PROCEDURES]


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("窗口申请")
    ONLINE = "online", _("网上申请")
    DELEGATED = "delegated", _("委托申请")
    COMMITTEE = "committee", _("村（居）委会代为申请")


class Track(models.TextChoices):
    REGULAR = "regular", _("常规审核")
    FAST = "fast", _("信用承诺（先办后核）")
    # An enrolment decided before the platform, entered from the city's beneficiary roll
    # (payments' roll import): its case is born approved and never moves.
    ROLL = "roll", _("存量名册导入")
    # A benefit decided by its own procedure (minzheng.benefits): the case here only
    # carries the enrolment the payroll pays; born approved, like the roll's.
    BENEFIT = "benefit", _("专项补贴（另行审批）")


WORKFLOWS: dict[str, str] = {
    Track.FAST: "assistance_fast",
    Track.ROLL: "assistance_roll",
    Track.BENEFIT: "assistance_benefit",
}


class ApplicationQuerySet(ScopedQuerySet["Application"]):
    def open(self) -> ApplicationQuerySet:
        return self.exclude(
            status__in=["approved", "closed_refused", "withdrawn", "confirmed", "breach"]
        )


class Application(WorkflowCase):
    number = models.CharField(_("案件编号"), max_length=24, unique=True)
    track = models.CharField(
        _("办理方式"), max_length=8, choices=Track.choices, default=Track.REGULAR
    )
    programme = models.CharField(_("救助项目"), max_length=32, choices=Programme.choices)
    household = models.ForeignKey(
        "core.Household",
        verbose_name=_("家庭"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    applicant = models.ForeignKey(
        "core.Person",
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    channel = models.CharField(_("申请方式"), max_length=12, choices=Channel.choices)
    delegate_name = models.CharField(_("受托人"), max_length=50, blank=True)
    applied_on = models.DateField(_("申请日期"))
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    total_deadline = models.DateField(
        _("总办理时限"), null=True, blank=True, help_text=_("受理后30个工作日，延长后45个（D1.9）")
    )
    extension_reason = models.CharField(_("延长理由"), max_length=300, blank=True)
    pledge_signed_on = models.DateField(_("签署信用承诺日期"), null=True, blank=True)
    missing_documents = models.JSONField(_("一次性告知的缺件清单"), default=list, blank=True)
    facts = models.JSONField(_("家庭情况（计算器请求）"), default=dict, blank=True)
    assessment = models.JSONField(_("政策测算结果"), default=dict, blank=True)
    proposed_amount = models.DecimalField(
        _("拟保障金额（元/月）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    proposed_members = models.PositiveSmallIntegerField(_("拟保障人数"), null=True, blank=True)
    urgency_reason = models.CharField(_("急难情形（先办后核的理由）"), max_length=300, blank=True)
    decided_amount = models.DecimalField(
        _("核定金额（元/月或一次性）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    refusal_reasons = models.TextField(_("不予批准理由"), blank=True)
    refusal_notified_on = models.DateField(_("告知书送达日期"), null=True, blank=True)
    near_relative_of = models.ForeignKey(
        "core.User",
        verbose_name=_("近亲属备案关联工作人员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("救助申请")
        verbose_name_plural = _("救助申请")
        ordering = ["-applied_on", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)

    @property
    def workflow_name(self) -> str:  # type: ignore[override]  # two tracks, two workflows
        return WORKFLOWS.get(self.track, "assistance_regular")
