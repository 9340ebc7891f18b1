"""Shared pieces of the assistance services."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from minzheng.assistance.models import Application
from minzheng.core.config import config_int
from minzheng.core.models import Household, User
from minzheng.core.roles import Capability
from minzheng.core.workflow import WorkflowError
from minzheng.core.workflow.engine import check_record


def today_or(day: dt.date | None) -> dt.date:
    return day or timezone.localdate()


def authorize(actor: User, target: Application | Household, record: str | None = None) -> None:
    """The one check of every assistance write: the capability, the area of the case or
    household (D0.3), and for a record on a case (a report, a visit, an objection, an
    extension) the state and role its workflow declares (`workflows.py`). Transitions
    are checked by the engine from the same declarations."""
    if not actor.can(Capability.EDIT_PERSONAL):
        raise PermissionDenied("您的角色无权办理救助案件")
    if not actor.reaches(target.area_id):
        what = "该家庭" if isinstance(target, Household) else "该案件"
        raise PermissionDenied(f"{what}不在您的管辖区域内")
    if record is not None:
        assert isinstance(target, Application)
        try:
            check_record(target, record, actor)
        except WorkflowError as refused:
            raise PermissionDenied(str(refused)) from refused


def setting_int(key: str, application: Application, on: dt.date) -> int:
    return config_int(key, on=on, area=application.area)
