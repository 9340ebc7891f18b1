"""Notifications to applicants and recipients (issue 15 item 3): one row per event and
channel, the text as sent (the masked minimum), and a log row per delivery attempt."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models.scoped import ScopedQuerySet


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", _("待发送")
    RETRYING = "retrying", _("待重试")
    SENT = "sent", _("已送达")
    FAILED = "failed", _("发送失败")
    OPTED_OUT = "opted_out", _("本人已退订")
    NO_ADDRESS = "no_address", _("无联系电话")
    NO_TEMPLATE = "no_template", _("未配置模板")


class NotificationChannel(models.TextChoices):
    PORTAL = "portal", _("站内消息")
    SMS = "sms", _("短信")


class NotificationQuerySet(ScopedQuerySet["Notification"]):
    def due(self, now: object) -> NotificationQuerySet:
        return self.filter(
            status__in=[NotificationStatus.QUEUED, NotificationStatus.RETRYING],
            next_attempt_at__lte=now,
        )


class Notification(models.Model):
    event = models.CharField(_("事项"), max_length=24)
    channel = models.CharField(_("渠道"), max_length=12, choices=NotificationChannel.choices)
    person = models.ForeignKey(
        "core.Person", verbose_name=_("接收人"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "core.Area", verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("受理编号"), max_length=40, blank=True, db_index=True)
    template = models.ForeignKey(
        "portal.ContentVersion",
        verbose_name=_("模板版本"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.CharField(_("内容"), max_length=500, blank=True)
    address = models.CharField(_("发送号码（已隐去）"), max_length=20, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=NotificationStatus.choices,
        default=NotificationStatus.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notification_due")]

    def __str__(self) -> str:
        return f"{self.event}/{self.channel}#{self.pk}"


class DeliveryAttempt(models.Model):
    """The delivery log: one row per try, kept whatever the outcome."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    number = models.PositiveSmallIntegerField(_("第几次"))
    at = models.DateTimeField(_("时间"))
    succeeded = models.BooleanField(_("成功"))
    gateway_reference = models.CharField(_("网关回执"), max_length=64, blank=True)
    detail = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        ordering = ["notification_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "number"], name="one_try_number")
        ]

    def __str__(self) -> str:
        return f"{self.notification_id}#{self.number}"


class OptOut(models.Model):
    """A person's refusal of SMS for one kind of event, where the rules allow it (a
    decision or a request for documents must reach the applicant, D1.8, D6)."""

    person = models.ForeignKey(
        "core.Person", verbose_name=_("本人"), on_delete=models.PROTECT, related_name="+"
    )
    event = models.CharField(_("事项"), max_length=24)
    recorded_by = models.ForeignKey(
        "core.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("短信退订")
        verbose_name_plural = _("短信退订")
        constraints = [
            models.UniqueConstraint(fields=["person", "event"], name="one_opt_out_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.event}"
