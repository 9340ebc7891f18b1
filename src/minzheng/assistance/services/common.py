"""Shared pieces of the assistance services."""

from __future__ import annotations

import datetime as dt
from typing import Any

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


def first_of_next_month(day: dt.date) -> dt.date:
    """Payment starts the month after approval (D1.8); enrolment months are 1st-of-month."""
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=1)


def snapshot_fields(application: Application, *names: str) -> dict[str, Any]:
    return {n: str(getattr(application, n)) for n in names}
