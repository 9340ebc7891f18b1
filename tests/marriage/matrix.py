"""What the area-scope matrix needs of the marriage registry in a place: a registry whose
area is the place's community, a registration received and one registered (with its
certificate), a divorce in its cooling-off period and an appointment. They are made
through the services by a provincial registrar, who reaches every place."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from django.utils import timezone

from minzheng.core import idnumber, workdays
from minzheng.core.models import CalendarYear, User
from minzheng.core.settings_write import seed_examples
from minzheng.marriage.duties import REGISTRAR
from minzheng.marriage.models import (
    Appointment,
    Certificate,
    Divorce,
    MarriageRegistration,
    Registry,
)
from minzheng.marriage.services.appointments import appointment_book
from minzheng.marriage.services.divorces import divorce_receive
from minzheng.marriage.services.registrations import marriage_receive, marriage_register
from tests.factories import make_user

_numbers = itertools.count(1)


@dataclass
class MarriagePlace:
    registry: Registry
    received: MarriageRegistration  # awaiting the registrar's decision
    registered: MarriageRegistration
    certificate: Certificate
    divorce: Divorce  # in its cooling-off period
    appointment: Appointment


def _organiser() -> User:
    user = User.objects.filter(username="marriage_organiser").first()
    return user or make_user("marriage_organiser", "city_admin", "320000", duties=(REGISTRAR,))


def _couple() -> dict[str, str]:
    n = next(_numbers)
    man = idnumber.make("320324", dt.date(1990, 1, 1), (2 * n + 1) % 1000)
    woman = idnumber.make("320324", dt.date(1992, 1, 1), (2 * n) % 1000)
    return {
        "party_a_name": f"矩阵男{n}",
        "party_a_id_number": man,
        "party_b_name": f"矩阵女{n}",
        "party_b_id_number": woman,
    }


def _next_working_day(day: dt.date) -> dt.date:
    calendar = workdays.get_calendar()
    day += dt.timedelta(days=1)
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def marriage_place(area_code: str) -> MarriagePlace:
    today = timezone.localdate()
    # a divorce received late in a year ends in the next (D9.4, D11.3)
    CalendarYear.objects.get_or_create(year=today.year + 1, defaults={"source": "测试"})
    seed_examples(apps=["marriage"])
    actor = _organiser()
    registry = Registry.objects.create(
        code=f"9{area_code[-9:]}", name=f"矩阵登记处{area_code}", area_id=area_code
    )
    common = {"actor": actor, "registry": registry, "today": today}
    received = marriage_receive(declaration_signed=True, **common, **_couple())
    registered = marriage_receive(declaration_signed=True, **common, **_couple())
    certificate = marriage_register(actor=actor, case=registered, today=today)
    divorce = divorce_receive(
        **common,
        **_couple(),
        marriage_certificate_number="J0-2020-000001",
        agreement_children="无",
        agreement_property="无",
        agreement_debts="无",
    )
    appointment = appointment_book(
        **common,
        day=_next_working_day(today),
        kind="marriage",
        party_a_name="矩阵甲",
        party_b_name="矩阵乙",
        phone="13800000000",
    )
    return MarriagePlace(registry, received, registered, certificate, divorce, appointment)
