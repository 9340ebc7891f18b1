"""Who may register: the registration authorities' staff (workflows.REGISTRARS), in
their own area (D0.3). Acts on an existing organisation are checked by the engine
from the workflow's table; this is for what creates one."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from minzheng.core.models import User
from minzheng.core.roles import Capability
from minzheng.organisations.workflows import REGISTRARS


def today_or(day: dt.date | None) -> dt.date:
    return day or timezone.localdate()


def is_registrar(user: User) -> bool:
    return user.role in REGISTRARS and user.can(Capability.EDIT_PERSONAL)


def authorize_registrar(actor: User, area_code: str = "") -> None:
    if not is_registrar(actor):
        raise PermissionDenied("只有县（区）、市民政部门的登记管理人员可以办理社会组织登记")
    if area_code and not actor.reaches(area_code):
        raise PermissionDenied("该社会组织不在您的管辖区域内")
