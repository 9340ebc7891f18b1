"""Who may do what in screening: organisers run campaigns, field staff visit (D0.3)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from minzheng.core.models import User
from minzheng.core.roles import Capability
from minzheng.screening.workflows import ORGANISERS


def today_or(day: dt.date | None) -> dt.date:
    return day or timezone.localdate()


def is_organiser(user: User) -> bool:
    return user.role in ORGANISERS and user.can(Capability.EDIT_PERSONAL)


def authorize_organiser(actor: User, area_code: str) -> None:
    """Campaigns are organised by townships, counties and the city, for their own area."""
    if not is_organiser(actor):
        raise PermissionDenied("只有乡镇（街道）、县（区）和市级工作人员可以组织排查")
    if not actor.reaches(area_code):
        raise PermissionDenied("该排查活动不在您的管辖区域内")


def authorize_field_work(actor: User, area_code: str) -> None:
    """Visits and follow-ups: anyone who works cases, in their own area."""
    if not actor.can(Capability.EDIT_PERSONAL):
        raise PermissionDenied("您的角色无权登记走访和帮扶情况")
    if not actor.reaches(area_code):
        raise PermissionDenied("该家庭不在您的管辖区域内")
