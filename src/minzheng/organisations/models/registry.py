"""The register of social organisations (社会组织, D10.1): the organisation itself (a
workflow case: its status changes only through the engine), the dated history of its
registration events with the decisions behind them, and its responsible persons."""

from __future__ import annotations

from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.masking import mask_id_number, mask_name
from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.workflow import get_workflow


class OrgType(models.TextChoices):
    ASSOCIATION = "association", _("社会团体")
    SERVICE = "service", _("社会服务机构（民办非企业单位）")
    FOUNDATION = "foundation", _("基金会")


class OrganisationQuerySet(ScopedQuerySet["Organisation"]):
    def operating(self) -> Self:
        """Registered and not yet revoked or deregistered (suspended ones still report)."""
        return self.filter(status__in=("registered", "suspended"))


class Organisation(WorkflowCase):
    """`area` (the case's) is the domicile's (住所) area: scope follows it (D0.3)."""

    workflow_name = "organisation"

    name = models.CharField(_("名称"), max_length=100, unique=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    org_type = models.CharField(_("组织类型"), max_length=12, choices=OrgType.choices)
    address = models.CharField(_("住所"), max_length=200)
    legal_rep_name = models.CharField(_("法定代表人"), max_length=50)
    legal_rep_id_number = models.CharField(_("法定代表人身份证号码"), max_length=18, blank=True)
    legal_rep_person = models.ForeignKey(
        "core.Person",
        verbose_name=_("法定代表人（人员库）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sponsor_unit = models.CharField(_("业务主管单位"), max_length=100, blank=True)
    business_scope = models.TextField(_("业务范围"))
    registered_capital = models.DecimalField(_("注册资金（元）"), max_digits=14, decimal_places=2)
    member_units = models.PositiveIntegerField(_("单位会员数"), default=0)
    member_individuals = models.PositiveIntegerField(_("个人会员数"), default=0)
    registered_on = models.DateField(_("成立登记日期"), db_index=True)
    # D10.5: trade associations and chambers of commerce (行业协会商会) report their fees.
    trade_association = models.BooleanField(_("行业协会商会"), default=False)
    # D10.3: party members working in the organisation (党员人数), the branch trigger.
    party_members = models.PositiveIntegerField(_("党员人数"), default=0)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("社会组织")
        verbose_name_plural = _("社会组织")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)

    @property
    def legal_rep_masked(self) -> str:
        return mask_name(self.legal_rep_name)

    @property
    def legal_rep_id_masked(self) -> str:
        return mask_id_number(self.legal_rep_id_number) if self.legal_rep_id_number else ""


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("成立登记")
    CHANGED = "changed", _("变更登记")
    SUSPENDED = "suspended", _("责令停止活动")
    RESUMED = "resumed", _("恢复活动")
    REVOKED = "revoked", _("撤销登记")
    DEREGISTERED = "deregistered", _("注销登记")


class OrganisationEventQuerySet(ScopedQuerySet["OrganisationEvent"]):
    scope_field = "organisation__area__code"


class OrganisationEvent(models.Model):
    """One dated registration event with its decision (文号); never edited."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("事项"), max_length=16, choices=EventKind.choices)
    on = models.DateField(_("日期"))
    decision = models.CharField(_("决定文号"), max_length=60)
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(
        "core.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = OrganisationEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("登记事项")
        verbose_name_plural = _("登记事项")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.kind}@{self.on}"


class ResponsiblePost(models.TextChoices):
    CHAIR = "chair", _("理事长（会长）")
    SECRETARY_GENERAL = "secretary_general", _("秘书长")
    SUPERVISOR = "supervisor", _("监事")
    DIRECTOR = "director", _("负责人")


class ResponsiblePerson(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="responsible_persons"
    )
    post = models.CharField(_("职务"), max_length=20, choices=ResponsiblePost.choices)
    name = models.CharField(_("姓名"), max_length=50)
    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("人员库"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    from_date = models.DateField(_("任职日期"))
    to_date = models.DateField(_("离任日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("负责人")
        verbose_name_plural = _("负责人")
        ordering = ["from_date", "id"]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.post}"

    @property
    def name_masked(self) -> str:
        return mask_name(self.name)
