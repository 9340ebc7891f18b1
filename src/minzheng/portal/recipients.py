"""The recipient lists the public may read (D3.7 "publish only who is aided", D13.2
names and ID numbers masked): per community and month, the households whose enrolment
was in force that month, in the programmes the city publishes (a setting: by default
not the children's programmes), amounts only where the city publishes them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from minzheng.assistance.models import Enrolment
from minzheng.core.config import MissingSetting, config_typed
from minzheng.core.divisions import CITY_CODE
from minzheng.core.masking import mask_id_number_public, mask_name
from minzheng.core.models import Area, AreaLevel
from minzheng.core.query_params import BadParameter

CITY_PREFIX = CITY_CODE[:4]


@dataclass(frozen=True)
class Row:
    name: str
    id_number: str
    programme: str
    covered: int
    amount: Decimal | None


@dataclass(frozen=True)
class Publication:
    programmes: list[str]
    show_amounts: bool


def publication(on: dt.date) -> Publication:
    """What the city publishes; nothing at all until the city office has said so."""
    try:
        programmes = config_typed("portal.recipients.programmes", on=on)
        show = config_typed("portal.recipients.show_amounts", on=on)
    except MissingSetting:
        return Publication([], False)
    return Publication([str(p) for p in programmes], bool(show))  # type: ignore[attr-defined]


def month_param(raw: str, today: dt.date) -> dt.date:
    """`YYYY-MM`, from 2000 to this month; empty is this month."""
    raw = raw.strip()
    if not raw:
        return today.replace(day=1)
    try:
        month = dt.datetime.strptime(raw[:7], "%Y-%m").date() if len(raw) == 7 else None
    except ValueError:
        month = None
    if month is None or not dt.date(2000, 1, 1) <= month <= today:
        raise BadParameter(f"月份（month）应为2000年1月至本月之间的年月，如{today:%Y-%m}")
    return month


def public_place(code: str) -> Area | None:
    """A place of the city (county, township or community); nothing outside it."""
    if not code:
        return Area.objects.filter(code=CITY_CODE).first()
    if not (code.isdigit() and code.startswith(CITY_PREFIX) and len(code) <= 12):
        return None
    return Area.objects.filter(code=code).first()


def children(area: Area) -> QuerySet[Area]:
    return Area.objects.filter(parent=area).order_by("code")


def _month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def enrolments(community: Area, month: dt.date, published: Publication) -> QuerySet[Enrolment]:
    if community.level != AreaLevel.COMMUNITY or not published.programmes:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(
            household__area=community,
            programme__in=published.programmes,
            starts_on__lte=_month_end(month),
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=month))
        .select_related("application__applicant")
        .order_by("programme", "id")
    )


def row(enrolment: Enrolment, published: Publication) -> Row:
    applicant = enrolment.application.applicant
    return Row(
        name=mask_name(applicant.name),
        id_number=mask_id_number_public(applicant.id_number),
        programme=enrolment.programme_label,
        covered=enrolment.covered_members,
        amount=enrolment.monthly_amount if published.show_amounts else None,
    )
