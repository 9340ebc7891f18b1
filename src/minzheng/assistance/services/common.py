"""Shared pieces of the assistance services."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from minzheng.assistance.models import Application
from minzheng.core.config import config_int
from minzheng.core.models import User
from minzheng.core.roles import Capability


def today_or(day: dt.date | None) -> dt.date:
    return day or timezone.localdate()


def authorize(actor: User, application: Application) -> None:
    """Writers need the capability and the case's area (D0.3)."""
    if not actor.can(Capability.EDIT_PERSONAL):
        raise PermissionDenied("您的角色无权办理救助案件")
    if not actor.reaches(application.area_id):
        raise PermissionDenied("该案件不在您的管辖区域内")


def setting_int(key: str, application: Application, on: dt.date) -> int:
    return config_int(key, on=on, area=application.area)
