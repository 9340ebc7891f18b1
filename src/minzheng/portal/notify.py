"""From an event to delivered messages: one notification per channel, written in the
transaction of the decision it reports, then delivered by the task queue after the
commit, retried with a growing interval up to the configured number of attempts, every
try in the delivery log (DeliveryAttempt)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from minzheng.core.audit import audit_record
from minzheng.core.config import MissingSetting, config_int
from minzheng.core.masking import mask_phone
from minzheng.core.models import AuditAction, Person
from minzheng.core.public import NoticeEvent
from minzheng.portal.channels import CHANNELS, DeliveryFailed
from minzheng.portal.content import PERSONAL_NUMBER, content_in_force
from minzheng.portal.events import FIELD_LABELS
from minzheng.portal.events import event as event_of
from minzheng.portal.models import DeliveryAttempt, Notification, NotificationStatus, OptOut

log = logging.getLogger("minzheng.notify")


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def render(text: str, fields: dict[str, str]) -> str:
    """The template filled; a stray ID number or phone in a field is cut out, so a
    message never carries more than the masked minimum (checked again at sending)."""
    named = {FIELD_LABELS.get(key, key): value for key, value in fields.items()}
    filled = text.format_map(_Blank(named))
    return PERSONAL_NUMBER.sub("***", filled)


def _one(ev: NoticeEvent, channel: str, person: Person, now: dt.datetime) -> Notification:
    template = content_in_force(f"template.{ev.kind}.{channel}", timezone.localdate(now))
    address = CHANNELS[channel].address(person)
    status = NotificationStatus.QUEUED
    if template is None:
        status = NotificationStatus.NO_TEMPLATE
    elif address is None:
        status = NotificationStatus.NO_ADDRESS
    return Notification.objects.create(
        event=ev.kind,
        channel=channel,
        person=person,
        area_id=ev.area_code,
        reference=ev.reference[:40],
        template=template,
        text=render(str(template.body.get("text", "")), ev.fields)[:500] if template else "",
        address=mask_phone(address) if address else "",
        status=status,
        next_attempt_at=now,
    )


def notice_received(ev: NoticeEvent) -> list[Notification]:
    """One notification per channel (`tasks.notice_listener` queues them after the
    commit, so a rolled-back decision sends nothing)."""
    event_of(ev.kind)  # an undeclared event is a programming error: refuse loudly
    person = Person.objects.get(pk=ev.person_id)
    now = timezone.now()
    made = [_one(ev, channel, person, now) for channel in CHANNELS]
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        object_type="portal.notification",
        object_id=",".join(str(n.pk) for n in made),
        area_code=ev.area_code,
        summary=f"生成通知：{event_of(ev.kind).label}，受理编号{ev.reference or '（无）'}",
    )
    return made


def _opted_out(notification: Notification) -> bool:
    return (
        notification.channel != "portal"
        and event_of(notification.event).opt_out
        and OptOut.objects.filter(
            person_id=notification.person_id, event=notification.event
        ).exists()
    )


def _retry_policy(now: dt.datetime) -> tuple[int, int]:
    today = timezone.localdate(now)
    return config_int("notify.max_attempts", on=today), config_int(
        "notify.retry_minutes", on=today
    )


def notification_deliver(pk: int, *, now: dt.datetime | None = None) -> Notification:
    """One attempt, if the notification is due: sent, or retried later (the interval
    doubles each time), or given up after the last attempt. Idempotent: a notification
    not due, or already settled, is left as it is."""
    now = now or timezone.now()
    with transaction.atomic():
        n = Notification.objects.select_for_update().get(pk=pk)
        if n.status not in (NotificationStatus.QUEUED, NotificationStatus.RETRYING):
            return n
        if n.next_attempt_at is not None and n.next_attempt_at > now:
            return n
        if _opted_out(n):
            n.status = NotificationStatus.OPTED_OUT
            n.save(update_fields=["status"])
            return n
        _attempt(n, now)
        return n


def _attempt(n: Notification, now: dt.datetime) -> None:
    most, minutes = _retry_policy(now)
    n.attempts += 1
    try:
        if PERSONAL_NUMBER.search(n.text):
            raise DeliveryFailed("内容含有证件号码或手机号码，已拦截")
        reference = CHANNELS[n.channel].deliver(n, Person.objects.get(pk=n.person_id))
    except DeliveryFailed as exc:
        detail = str(exc)[:200]
        if n.attempts >= most:
            n.status, n.next_attempt_at = NotificationStatus.FAILED, None
        else:
            n.status = NotificationStatus.RETRYING
            n.next_attempt_at = now + dt.timedelta(minutes=minutes * 2 ** (n.attempts - 1))
        DeliveryAttempt.objects.create(
            notification=n, number=n.attempts, at=now, succeeded=False, detail=detail
        )
        log.warning("通知%s第%s次发送失败：%s", n.pk, n.attempts, detail)
    else:
        n.status, n.sent_at, n.next_attempt_at = NotificationStatus.SENT, now, None
        DeliveryAttempt.objects.create(
            notification=n, number=n.attempts, at=now, succeeded=True, gateway_reference=reference
        )
    n.save(update_fields=["attempts", "status", "next_attempt_at", "sent_at"])
    if n.status == NotificationStatus.FAILED:
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            obj=n,
            area_code=n.area_id,
            summary=f"通知{n.attempts}次发送均未成功，停止重试",
        )


def deliver_due(now: dt.datetime | None = None) -> int:
    """Every notification whose next attempt is due (the periodic sweep); how many tried."""
    now = now or timezone.now()
    ids = list(Notification.objects.due(now).values_list("pk", flat=True)[:500])
    for pk in ids:
        try:
            notification_deliver(pk, now=now)
        except MissingSetting as exc:
            log.error("通知未能发送：%s", exc)
            return 0
    return len(ids)
