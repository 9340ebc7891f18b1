"""Channels behind one interface: given a notification and its person, deliver or say
why not. In-portal messages are the stored row itself (the person reads them with the
receipt number and ID tail); SMS goes through a pluggable gateway
(`MINZHENG_SMS_GATEWAY`, a dotted path), by default one that only writes a log line —
no real provider is wired in (docs/portal.md says how to add one)."""

from __future__ import annotations

import logging
import secrets
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from minzheng.core.masking import mask_phone
from minzheng.core.models import Person
from minzheng.portal.models.notices import Notification, NotificationChannel

log = logging.getLogger("minzheng.notify")


class DeliveryFailed(Exception):
    """The channel could not deliver now; the notification is tried again later."""


class Gateway(Protocol):
    def send(self, phone: str, text: str) -> str:
        """Send one SMS; the gateway's reference, or DeliveryFailed."""
        ...


class LogOnlyGateway:
    """The default: writes the masked number and the text to the log, sends nothing."""

    def send(self, phone: str, text: str) -> str:
        reference = f"log-{secrets.token_hex(6)}"
        log.info("短信（仅记录，未发送）%s → %s：%s", reference, mask_phone(phone), text)
        return reference


def gateway() -> Gateway:
    gateway_class = import_string(settings.MINZHENG_SMS_GATEWAY)
    return gateway_class()


class Channel(Protocol):
    code: str

    def address(self, person: Person) -> str | None:
        """Where to deliver (None: the person cannot be reached by this channel)."""
        ...

    def deliver(self, notification: Notification, person: Person) -> str: ...


class PortalChannel:
    code: str = NotificationChannel.PORTAL

    def address(self, person: Person) -> str | None:
        return ""

    def deliver(self, notification: Notification, person: Person) -> str:
        return "站内"


class SmsChannel:
    code: str = NotificationChannel.SMS

    def address(self, person: Person) -> str | None:
        phone = "".join(ch for ch in person.phone if ch.isdigit())
        return phone if len(phone) == 11 and phone.startswith("1") else None

    def deliver(self, notification: Notification, person: Person) -> str:
        phone = self.address(person)
        if phone is None:
            raise DeliveryFailed("无有效手机号码")
        try:
            return gateway().send(phone, notification.text)[:64]
        except DeliveryFailed:
            raise
        except Exception as exc:  # a gateway's own error: retried, its words logged
            raise DeliveryFailed(f"短信网关出错：{type(exc).__name__}") from exc


CHANNELS: dict[str, Channel] = {c.code: c for c in (PortalChannel(), SmsChannel())}
