"""What every marriage service shares: who may act, and the settings in force."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.core.config import config_int, config_typed
from minzheng.core.models import Area, User
from minzheng.marriage.duties import REGISTER
from minzheng.marriage.models import Registry
from minzheng.marriage.rules import Policy


def authorize(actor: User, registry: Registry) -> None:
    """A registrar (the duty), at a registry in their area (D0.3)."""
    if not actor.can(REGISTER):
        raise PermissionDenied("只有婚姻登记员可以办理婚姻登记")
    if not actor.reaches(registry.area_id):
        raise ValidationError({"registry": "该登记处不在您的管辖区域内"})


def policy_on(day: dt.date, area: Area | None = None) -> Policy:
    """The legal ages and the nationwide date in force on the registration day."""
    since = config_typed("marriage.nationwide.since", on=day, area=area)
    assert isinstance(since, dt.date)
    return Policy(
        legal_age_men=config_int("marriage.legal_age.men", on=day, area=area),
        legal_age_women=config_int("marriage.legal_age.women", on=day, area=area),
        nationwide_since=since,
    )
