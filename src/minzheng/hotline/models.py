"""Hotline tickets (D8): one engine, two lines — the children's rescue and protection
line (12349/12345) and the funeral-service line (96444).

A ticket is a workflow case (`hotline_ticket`, workflows.py) whose `area` is where the
matter happened; every call about it is a `Call` (a duplicate ticket merged into
another keeps its call, now on the other ticket's timeline). The records beside a
ticket — the emergency escalation and its police referral, the mandatory report and the
feedback to the reporter, the body collection, the death offered to the registry, the
timeline events — are written by `services.py` only, each with an audit entry.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.workflow import get_workflow


class Line(models.TextChoices):
    CHILDREN = "children", _("儿童救助保护热线")
    FUNERAL = "funeral", _("殡葬服务热线")


class Category(models.TextChoices):
    """Every category the code knows; which ones each line offers, which are sensitive
    or emergencies and their time limits are settings (hotline/settings.yaml)."""

    CHILD_EMERGENCY = "child_emergency", _("儿童紧急危险")
    CHILD_ABUSE = "child_abuse", _("侵害或虐待儿童")
    CHILD_NEGLECT = "child_neglect", _("监护缺失或无人照料")
    CHILD_HELP = "child_help", _("儿童求助")
    CHILD_CONSULT = "child_consult", _("政策咨询")
    BODY_COLLECTION = "body_collection", _("遗体接运")
    FUNERAL_SERVICE = "funeral_service", _("殡仪服务")
    FEE_ENQUIRY = "fee_enquiry", _("收费咨询")
    DEATH_REPORT = "death_report", _("报告死亡")
    COMPLAINT = "complaint", _("投诉")


class Urgency(models.TextChoices):
    URGENT = "urgent", _("紧急")
    NORMAL = "normal", _("一般")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")
    UNREACHABLE = "unreachable", _("无法联系")


OPEN_STATES = ("received", "accepted", "dispatched", "handling", "replied")
DONE_STATES = ("closed", "returned", "rated")


class TicketQuerySet(ScopedQuerySet["Ticket"]):
    def open(self) -> TicketQuerySet:
        return self.filter(status__in=OPEN_STATES)


class Ticket(WorkflowCase):
    workflow_name = "hotline_ticket"

    number = models.CharField(_("工单编号"), max_length=20, unique=True)
    line = models.CharField(_("热线"), max_length=12, choices=Line.choices)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    urgency = models.CharField(_("紧急程度"), max_length=8, choices=Urgency.choices)
    sensitive = models.BooleanField(_("敏感工单"), default=False)
    emergency = models.BooleanField(_("紧急类别"), default=False)
    summary = models.TextField(_("来电事项"))
    address = models.CharField(_("发生地点"), max_length=200, blank=True)
    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("当事人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_tickets",
    )
    received_at = models.DateTimeField(_("来电时间"))
    due_at = models.DateTimeField(_("办理时限"))
    unit = models.ForeignKey(
        "core.Area",
        verbose_name=_("承办单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    taken_by = models.ForeignKey(
        "core.User", verbose_name=_("接线员"), on_delete=models.PROTECT, related_name="+"
    )
    reply = models.TextField(_("办理结果"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    satisfaction = models.CharField(
        _("评价"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    reminded_on = models.DateField(_("催办日期"), null=True, blank=True)
    escalated_on = models.DateField(_("升级督办日期"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并到"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
    )

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("热线工单")
        verbose_name_plural = _("热线工单")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["line", "status"])]

    def __str__(self) -> str:
        return self.number

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES


class Call(models.Model):
    """One call about a ticket's matter; a merged duplicate's call moves here."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="calls")
    received_at = models.DateTimeField(_("来电时间"))
    caller_name = models.CharField(_("来电人"), max_length=50)
    callback_phone = models.CharField(_("回拨电话"), max_length=20)
    account = models.TextField(_("来电内容"))
    first_ticket = models.CharField(_("原工单编号"), max_length=20)

    class Meta:
        verbose_name = _("来电记录")
        verbose_name_plural = _("来电记录")
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"{self.first_ticket}@{self.received_at:%Y-%m-%d %H:%M}"


class EventKind(models.TextChoices):
    CALL = "call", _("来电")
    MERGE = "merge", _("合并重复来电")
    REMINDER = "reminder", _("超时催办")
    ESCALATION = "escalation", _("升级督办")
    SUPERVISION = "supervision", _("督办意见")
    EMERGENCY = "emergency", _("紧急上报值班人员")
    POLICE = "police", _("移送公安")
    REPORT = "report", _("强制报告登记")
    FEEDBACK = "feedback", _("向报告人反馈")
    COLLECTION = "collection", _("遗体接运派车")
    COLLECTED = "collected", _("遗体已接运")
    FEE = "fee", _("收费答复")
    DEATH_OFFER = "death_offer", _("死亡信息报送")
    DEATH_DECISION = "death_decision", _("死亡信息确认")
    APPLICATION = "application", _("发起救助申请")


class Event(models.Model):
    """A timeline entry that is not a state change (those are the engine's log)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事项"), max_length=16, choices=EventKind.choices)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        "core.User",
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("工单记录")
        verbose_name_plural = _("工单记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id}:{self.kind}"


class Escalation(models.Model):
    """An emergency's immediate escalation to a named duty officer (D8.2)."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="escalation")
    duty_officer = models.ForeignKey(
        "core.User", verbose_name=_("值班人员"), on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(_("上报时间"))
    escalated_by = models.ForeignKey(
        "core.User", verbose_name=_("上报人"), on_delete=models.PROTECT, related_name="+"
    )
    act_by = models.DateTimeField(_("处置时限"))

    class Meta:
        verbose_name = _("紧急上报")
        verbose_name_plural = _("紧急上报")

    def __str__(self) -> str:
        return f"{self.ticket_id}→{self.duty_officer_id}"


class PoliceReferral(models.Model):
    """The emergency handed to the police at once (110, D8.2)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="police_referrals")
    referred_at = models.DateTimeField(_("移送时间"))
    police_unit = models.CharField(_("接收单位"), max_length=100)
    reference = models.CharField(_("接警编号"), max_length=50, blank=True)
    referred_by = models.ForeignKey(
        "core.User", verbose_name=_("移送人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("移送公安记录")
        verbose_name_plural = _("移送公安记录")
        ordering = ["referred_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id}:{self.police_unit}"


class MandatoryReport(models.Model):
    """A mandatory report (未成年人保护法 art. 11, D8.2): who, from which institution,
    when; the department must tell the reporter the result (`feedback_*`)."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="report")
    reporter_name = models.CharField(_("报告人"), max_length=50)
    institution = models.CharField(_("报告人单位"), max_length=100)
    reported_at = models.DateTimeField(_("报告时间"))
    feedback_due = models.DateField(_("反馈时限"))
    feedback_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    feedback = models.TextField(_("反馈内容"), blank=True)
    feedback_by = models.ForeignKey(
        "core.User",
        verbose_name=_("反馈人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("强制报告")
        verbose_name_plural = _("强制报告")

    def __str__(self) -> str:
        return f"{self.ticket_id}:{self.institution}"


class FuneralHome(models.Model):
    name = models.CharField(_("殡仪馆"), max_length=100, unique=True)
    area = models.ForeignKey(
        "core.Area", verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField(_("联系电话"), max_length=20)

    class Meta:
        verbose_name = _("殡仪馆")
        verbose_name_plural = _("殡仪馆")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FeeList(models.Model):
    """A published fee list of one funeral home; versions are never edited, a new
    version with a later effective date replaces the one in force (D8.4)."""

    home = models.ForeignKey(FuneralHome, on_delete=models.PROTECT, related_name="fee_lists")
    version = models.PositiveIntegerField(_("版本"))
    effective_from = models.DateField(_("执行日期"))
    basis = models.CharField(_("公布依据"), max_length=200)
    published_by = models.ForeignKey(
        "core.User", verbose_name=_("发布人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("收费标准")
        verbose_name_plural = _("收费标准")
        ordering = ["home_id", "-effective_from", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["home", "version"], name="one_fee_list_version"),
            models.UniqueConstraint(
                fields=["home", "effective_from"], name="one_fee_list_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.home} v{self.version}"


class FeeItem(models.Model):
    fee_list = models.ForeignKey(FeeList, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("服务项目"), max_length=100)
    unit = models.CharField(_("计价单位"), max_length=20)
    price = models.DecimalField(_("价格（元）"), max_digits=10, decimal_places=2)
    basic = models.BooleanField(_("基本殡葬服务"), default=False)

    class Meta:
        verbose_name = _("收费项目")
        verbose_name_plural = _("收费项目")
        ordering = ["fee_list_id", "id"]

    def __str__(self) -> str:
        return self.name


class BodyCollection(models.Model):
    """A body-collection request dispatched to a funeral home, due within the
    category's hours from the call (D8.4)."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="collection")
    home = models.ForeignKey(FuneralHome, verbose_name=_("殡仪馆"), on_delete=models.PROTECT)
    collect_by = models.DateTimeField(_("接运时限"))
    dispatched_at = models.DateTimeField(_("派车时间"))
    collected_at = models.DateTimeField(_("接运完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("遗体接运")
        verbose_name_plural = _("遗体接运")

    def __str__(self) -> str:
        return f"{self.ticket_id}@{self.home_id}"


class OfferState(models.TextChoices):
    OFFERED = "offered", _("待确认")
    CONFIRMED = "confirmed", _("已确认并登记死亡")
    DECLINED = "declined", _("经核实不予登记")


class DeathOffer(models.Model):
    """A death reported on the funeral line, offered to the registry. Never applied by
    itself: a person who reaches the deceased's area confirms it (the registry then
    records the death and payments stop) or declines it with a reason (D8.4)."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="death_offer")
    person = models.ForeignKey(
        "core.Person", verbose_name=_("死者"), on_delete=models.PROTECT, related_name="+"
    )
    death_date = models.DateField(_("死亡日期"))
    offered_at = models.DateTimeField(_("报送时间"))
    offered_by = models.ForeignKey(
        "core.User", verbose_name=_("报送人"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=OfferState.choices, default=OfferState.OFFERED
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "core.User",
        verbose_name=_("确认人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("核实说明"), blank=True)

    class Meta:
        verbose_name = _("死亡信息报送")
        verbose_name_plural = _("死亡信息报送")

    def __str__(self) -> str:
        return f"{self.ticket_id}:{self.person_id}"
