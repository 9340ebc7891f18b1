"""Disability-subsidy applications (D4.5) and the old-age allowance's enrolment, proof of
life and suspensions (D7.3). What is paid is an assistance `Enrolment` (the payroll's
extension point); `Grant` ties it to the decision and keeps the living subsidy's share
of the dibao standard, so that the amount follows the standard in force each month."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.assistance.policy.benefit_vocabulary import AssistanceStatus, CertificateGeneration
from minzheng.core.codes import DISABILITY_GRADES, DisabilityType
from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet


def _choices(vocabulary: type) -> list[tuple[str, str]]:
    return [(code.value, code.label) for code in vocabulary]  # type: ignore[attr-defined]


class SubsidyApplication(WorkflowCase):
    """An application for the disability two subsidies: received at any township (its
    `area` is the intake's until forwarded, then the household's), checked by the
    township, reviewed by the county federation, decided by the county bureau."""

    workflow_name = "benefits_disability"

    number = models.CharField(_("案件编号"), max_length=24, unique=True)
    person = models.ForeignKey(
        "core.Person", verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "core.Household", verbose_name=_("家庭"), on_delete=models.PROTECT, related_name="+"
    )
    intake_area = models.ForeignKey(
        "core.Area", verbose_name=_("受理地"), on_delete=models.PROTECT, related_name="+"
    )
    forwarded_on = models.DateField(_("转户籍地日期"), null=True, blank=True)
    living = models.BooleanField(_("申请困难残疾人生活补贴"), default=True)
    care = models.BooleanField(_("申请重度残疾人护理补贴"), default=True)
    disability_type = models.CharField(
        _("残疾类别"), max_length=16, choices=_choices(DisabilityType)
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("残疾等级"), choices=list(DISABILITY_GRADES.items())
    )
    certificate_generation = models.CharField(
        _("残疾人证版本"), max_length=8, choices=_choices(CertificateGeneration)
    )
    certificate_issued_on = models.DateField(_("残疾人证签发日期"))
    certificate_expires_on = models.DateField(_("残疾人证有效期至"), null=True, blank=True)
    care_need_months = models.PositiveSmallIntegerField(_("长期照护需求（月）"), default=0)
    assistance_status = models.CharField(
        _("家庭救助身份"), max_length=16, choices=_choices(AssistanceStatus), default="none"
    )
    own_fixed_income = models.DecimalField(
        _("本人固定收入（元/月）"), max_digits=12, decimal_places=2, default=0
    )
    others_income = models.DecimalField(
        _("其他家庭成员收入（元/月）"), max_digits=12, decimal_places=2, default=0
    )
    welfare_allowances = models.JSONField(_("已享受的福利补贴"), default=dict, blank=True)
    applied_on = models.DateField(_("申请日期"))
    reviewed_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    living_amount = models.DecimalField(
        _("生活补贴（元/月）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    care_amount = models.DecimalField(
        _("护理补贴（元/月）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    reasons = models.JSONField(_("测算理由"), default=list, blank=True)
    notice = models.TextField(_("决定通知"), blank=True)
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("残疾人两项补贴申请")
        verbose_name_plural = _("残疾人两项补贴申请")
        ordering = ["-applied_on", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def subsidies_label(self) -> str:
        names = [n for n, on in (("生活补贴", self.living), ("护理补贴", self.care)) if on]
        return "、".join(names)


class Grant(models.Model):
    """A benefit enrolment's origin: the disability decision or the old-age confirmation;
    `ratio` is the living subsidy's share of the dibao standard (D4.3)."""

    enrolment = models.OneToOneField(
        "assistance.Enrolment", on_delete=models.PROTECT, related_name="benefit_grant"
    )
    application = models.ForeignKey(
        SubsidyApplication, null=True, blank=True, on_delete=models.PROTECT, related_name="grants"
    )
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+")
    ratio = models.CharField(_("占低保标准比例"), max_length=16, blank=True)
    # The facts the amount in force rests on (set at the decision and at each confirmed
    # review): a review compares the registry's with these (blank: the application's).
    disability_type = models.CharField(_("核定残疾类别"), max_length=16, blank=True)
    disability_grade = models.PositiveSmallIntegerField(_("核定残疾等级"), null=True, blank=True)
    assistance_status = models.CharField(_("核定救助身份"), max_length=16, blank=True)
    care_application = models.ForeignKey(
        "benefits.CareServiceApplication",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )

    class Meta:
        verbose_name = _("补贴发放依据")
        verbose_name_plural = _("补贴发放依据")

    def __str__(self) -> str:
        return f"{self.enrolment_id}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("待确认")
    CONFIRMED = "confirmed", _("已确认纳入")
    DISMISSED = "dismissed", _("不予纳入")


class OldAgeProposal(models.Model):
    """A resident the monthly batch found newly eligible for the old-age allowance (D7.3),
    awaiting the caseworker's confirmation."""

    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey("core.Household", on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("core.Area", on_delete=models.PROTECT, related_name="+")
    batch_month = models.DateField(_("批次月份"))
    eligible_from = models.DateField(_("起始月份"))
    amount = models.DecimalField(_("月发放金额（元）"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("状态"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("高龄津贴待确认名单")
        verbose_name_plural = _("高龄津贴待确认名单")
        ordering = ["eligible_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="proposed"),
                name="one_open_old_age_proposal_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.eligible_from}"


class LifeCheck(models.Model):
    """A proof of life (生存认证, D7.3) of an old-age allowance recipient."""

    enrolment = models.ForeignKey(
        "assistance.Enrolment", on_delete=models.PROTECT, related_name="life_checks"
    )
    checked_on = models.DateField(_("认证日期"))
    method = models.CharField(_("认证方式"), max_length=40)
    recorded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("生存认证")
        verbose_name_plural = _("生存认证")
        ordering = ["enrolment_id", "checked_on", "id"]

    def __str__(self) -> str:
        return f"{self.enrolment_id}:{self.checked_on}"


class LifeCheckReminder(models.Model):
    """A proof-of-life reminder told (portal event `proof_of_life`): one per enrolment
    and due date, so a second run of the daily task, or a catch-up after a missed day,
    never tells the person twice."""

    enrolment = models.ForeignKey(
        "assistance.Enrolment", on_delete=models.PROTECT, related_name="life_check_reminders"
    )
    due_on = models.DateField(_("应认证日期"))
    sent_on = models.DateField(_("提醒日期"))

    class Meta:
        verbose_name = _("生存认证提醒")
        verbose_name_plural = _("生存认证提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "due_on"], name="one_life_check_reminder_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}:{self.due_on}"


class Suspension(models.Model):
    """A payment suspended for a missed proof of life (D7.3): nothing is paid from
    `from_month` until a late proof, which pays the suspended months."""

    enrolment = models.ForeignKey(
        "assistance.Enrolment", on_delete=models.PROTECT, related_name="suspensions"
    )
    due_on = models.DateField(_("应认证日期"))
    from_month = models.DateField(_("暂停起始月份"))
    resumed_on = models.DateField(_("恢复日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("暂停发放")
        verbose_name_plural = _("暂停发放")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=models.Q(resumed_on__isnull=True),
                name="one_open_suspension_per_enrolment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}:{self.from_month}"


class ReviewTrigger(models.TextChoices):
    """What starts a benefit's review (issue 19 item 4)."""

    CERTIFICATE_EXPIRED = "certificate_expired", _("残疾人证过期")
    GRADE_CHANGE = "grade_change", _("残疾类别或等级变更")
    DEATH = "death", _("死亡")
    STATUS_CHANGE = "status_change", _("家庭救助身份变化")
    ASSESSMENT_EXPIRED = "assessment_expired", _("能力评估过期")


class ReviewProposal(models.TextChoices):
    ADJUST = "adjust", _("调整金额")
    TERMINATE = "terminate", _("停发")


class BenefitReview(WorkflowCase):
    """A review the sweep proposes for a benefit in payment: the policy engine re-run on
    the changed facts, its reasons, and the adjustment or stop it proposes; the county
    confirms (the change is then written) or dismisses it with a reason."""

    workflow_name = "benefits_review"

    number = models.CharField(_("复核编号"), max_length=24, unique=True)
    enrolment = models.ForeignKey(
        "assistance.Enrolment", on_delete=models.PROTECT, related_name="benefit_reviews"
    )
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+")
    trigger = models.CharField(_("复核原因"), max_length=24, choices=ReviewTrigger.choices)
    event_on = models.DateField(_("事件日期"))
    proposal = models.CharField(_("拟处理"), max_length=12, choices=ReviewProposal.choices)
    amount_before = models.DecimalField(
        _("原金额（元/月）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_after = models.DecimalField(
        _("拟调整金额（元/月）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    effective_on = models.DateField(_("拟生效月份"))
    ratio = models.CharField(_("占低保标准比例"), max_length=16, blank=True)
    basis = models.JSONField(_("复核依据"), default=dict, blank=True)
    reasons = models.JSONField(_("测算理由"), default=list, blank=True)
    proposed_on = models.DateField(_("提出日期"))
    decided_on = models.DateField(_("处理日期"), null=True, blank=True)
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("补贴复核")
        verbose_name_plural = _("补贴复核")
        ordering = ["-proposed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=models.Q(status="proposed"),
                name="one_open_benefit_review_per_enrolment",
            )
        ]

    def __str__(self) -> str:
        return self.number


CARE_LEVELS = [("self_care", "能够自理"), ("partial", "半护理"), ("full", "全护理")]


class CareAssessment(models.Model):
    """An elderly person's assessment of their ability to care for themselves (D7.4 by
    the D2.8 items): who assessed, when, the items they cannot do, the level the
    engine's thresholds give, and how long it is valid."""

    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("core.Area", on_delete=models.PROTECT, related_name="+")
    assessor = models.CharField(_("评估人员"), max_length=40)
    assessor_org = models.CharField(_("评估机构"), max_length=100)
    assessed_on = models.DateField(_("评估日期"))
    items_unable = models.JSONField(_("不能自理的项目"), default=list, blank=True)
    level = models.CharField(_("评估等级"), max_length=12, choices=CARE_LEVELS)
    valid_until = models.DateField(_("有效期至"))
    recorded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("老年人能力评估")
        verbose_name_plural = _("老年人能力评估")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.assessed_on}"


class CareServiceApplication(WorkflowCase):
    """An application for the care-service subsidy of economically poor elderly people
    (D7.4): received and checked by the township, decided by the county on the
    assessment in force, paid monthly through the payroll."""

    workflow_name = "benefits_care_service"

    number = models.CharField(_("案件编号"), max_length=24, unique=True)
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey("core.Household", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(
        CareAssessment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assistance_status = models.CharField(
        _("家庭救助身份"), max_length=16, choices=_choices(AssistanceStatus), default="none"
    )
    applied_on = models.DateField(_("申请日期"))
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    amount = models.DecimalField(
        _("服务补贴（元/月）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    reasons = models.JSONField(_("测算理由"), default=list, blank=True)
    notice = models.TextField(_("决定通知"), blank=True)
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("经济困难老年人服务补贴申请")
        verbose_name_plural = _("经济困难老年人服务补贴申请")
        ordering = ["-applied_on", "-id"]

    def __str__(self) -> str:
        return self.number


class CertificateRenewal(models.Model):
    """A disability certificate as renewed (换发) or re-assessed, recorded by the township
    or community from the certificate shown (D4.2): its generation, type, grade, issue
    date and — third generation — expiry. The latest one issued since the application's
    certificate is the certificate in force for the reviews and the decision
    (`benefits.certificates`); a changed type or grade is written to the registry."""

    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("core.Area", on_delete=models.PROTECT, related_name="+")
    generation = models.CharField(
        _("残疾人证版本"), max_length=8, choices=_choices(CertificateGeneration)
    )
    disability_type = models.CharField(
        _("残疾类别"), max_length=16, choices=_choices(DisabilityType)
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("残疾等级"), choices=list(DISABILITY_GRADES.items())
    )
    issued_on = models.DateField(_("签发日期"))
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    recorded_on = models.DateField(_("登记日期"))
    recorded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("残疾人证换发登记")
        verbose_name_plural = _("残疾人证换发登记")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person}:{self.issued_on}"
