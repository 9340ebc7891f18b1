"""Who may register: staff holding the organisation registrar's post (岗位,
workflows.REGISTRAR, which grants `organisations_register`), in their own area
(D0.3). Acts on an existing organisation are checked by the engine from the
workflow's table; this is for what creates one and for the pages' 403."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from minzheng.core.models import User
from minzheng.core.roles import Capability


def today_or(day: dt.date | None) -> dt.date:
    return day or timezone.localdate()


REGISTER = "organisations_register"


def is_registrar(user: User) -> bool:
    return user.can(Capability.EDIT_PERSONAL) and user.can(REGISTER)


def authorize_registrar(actor: User, area_code: str = "") -> None:
    if not is_registrar(actor):
        raise PermissionDenied(
            "只有担任社会组织登记管理员岗位的县（区）、市民政部门工作人员可以办理"
        )
    if area_code and not actor.reaches(area_code):
        raise PermissionDenied("该社会组织不在您的管辖区域内")
