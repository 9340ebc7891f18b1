"""Demo data of the marriage registry: four registries (鼓楼区, 云龙区, 泉山区, 铜山区), a
demo registrar (the demo log-in `county` of 鼓楼区, granted the duty 婚姻登记员 by
`admin`), marriages registered over the last months, one refused, a divorce in its
cooling-off period and a few appointments. Everything through the services, as the
registrar would; idempotent (nothing when the registries exist).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from minzheng.core import workdays
from minzheng.core.duties import duty_grant
from minzheng.core.models import Area, Person, User
from minzheng.core.settings_write import seed_examples
from minzheng.marriage.duties import REGISTRAR
from minzheng.marriage.models import MarriageRegistration, Registry
from minzheng.marriage.services.appointments import appointment_book
from minzheng.marriage.services.divorces import divorce_receive
from minzheng.marriage.services.registrations import (
    marriage_receive,
    marriage_refuse,
    marriage_register,
)

REGISTRIES = [  # code, name, county, capacity (None: the setting)
    ("32030201", "徐州市鼓楼区婚姻登记处", "320302", None),
    ("32030301", "徐州市云龙区婚姻登记处", "320303", 30),
    ("32031101", "徐州市泉山区婚姻登记处", "320311", None),
    ("32031201", "徐州市铜山区婚姻登记处", "320312", 60),
]


def _registrar(county: User, admin: User) -> User:
    """The demo county account is posted at 鼓楼区's registry: it holds the duty."""
    if not county.has_duty(REGISTRAR):
        duty_grant(actor=admin, user=county, code=REGISTRAR, note="演示：派驻鼓楼区婚姻登记处")
    return county


def _adults(sex: str, today: dt.date, count: int, besides: Sequence[Person] = ()) -> list[Person]:
    """Grown-up children living with their parents in 鼓楼区, aged 23–34, none from the
    households of `besides` (no siblings married to each other)."""
    young, old = today.replace(year=today.year - 23), today.replace(year=today.year - 34)
    rows = (
        Person.objects.filter(
            area__code__startswith="320302",
            gender=sex,
            birth_date__range=(old, young),
            memberships__valid_to__isnull=True,
            memberships__relation="child",
        )
        .exclude(memberships__household__memberships__person__in=besides)
        .order_by("id")
    )
    return list(rows[:count])


def _working_day_before(day: dt.date, days: int) -> dt.date:
    calendar = workdays.get_calendar()
    day -= dt.timedelta(days=days)
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def _marry(
    actor: User, registry: Registry, man: Person, woman: Person, on: dt.date
) -> MarriageRegistration:
    case = marriage_receive(
        actor=actor,
        registry=registry,
        party_a_name=man.name,
        party_a_id_number=man.id_number,
        party_b_name=woman.name,
        party_b_id_number=woman.id_number,
        declaration_signed=True,
        today=on,
    )
    marriage_register(actor=actor, case=case, today=on)
    return case


def _cases(actor: User, registry: Registry, today: dt.date) -> str:
    men = _adults("M", today, 4)
    women = _adults("F", today, 4, besides=men)
    if len(men) < 4 or len(women) < 4:
        return "（演示城市人口太少，未生成登记）"
    for n in range(3):  # three marriages, one a month
        _marry(actor, registry, men[n], women[n], _working_day_before(today, 30 * n + 35))
    young = marriage_receive(
        actor=actor,
        registry=registry,
        party_a_name="演示未满婚龄",
        party_a_id_number="320302200812300018",  # a man born 2008-12-30: under 22
        party_b_name=women[3].name,
        party_b_id_number=women[3].id_number,
        declaration_signed=True,
        today=today,
    )
    marriage_refuse(actor=actor, case=young, note="男方未达法定婚龄", today=today)
    married = _marry(actor, registry, men[3], women[3], _working_day_before(today, 120))
    received = _working_day_before(today, 10)
    divorce = divorce_receive(
        actor=actor,
        registry=registry,
        party_a_name=married.party_a_name,
        party_a_id_number=married.party_a_id_number,
        party_b_name=married.party_b_name,
        party_b_id_number=married.party_b_id_number,
        marriage_certificate_number=married.certificates.get().number,
        agreement_children="无子女",
        agreement_property="共同存款各半；住房归女方，女方补偿男方",
        agreement_debts="无共同债务",
        today=received,
    )
    return f"冷静期中的离婚申请1件（冷静期至{divorce.cooling_off_ends_on:%Y-%m-%d}）"


def _appointments(actor: User, registry: Registry, today: dt.date) -> None:
    calendar, day = workdays.get_calendar(), today
    for n in range(3):
        day += dt.timedelta(days=1)
        while not calendar.is_working_day(day):
            day += dt.timedelta(days=1)
        appointment_book(
            actor=actor,
            registry=registry,
            day=day,
            kind="marriage" if n < 2 else "divorce",
            party_a_name=f"预约甲方{n + 1}（演示）",
            party_b_name=f"预约乙方{n + 1}（演示）",
            phone="13800000000",
            today=today,
        )


def seed_demo(**_: object) -> str:
    if Registry.objects.exists():
        return ""
    county = User.objects.filter(username="county").first()
    admin = User.objects.filter(username="admin").first()
    if county is None or admin is None:
        return ""
    today = timezone.localdate()
    with transaction.atomic():
        seed_examples(apps=["marriage"])
        for code, name, county_code, capacity in REGISTRIES:
            if Area.objects.filter(code=county_code).exists():
                Registry.objects.create(
                    code=code, name=name, area_id=county_code, daily_capacity=capacity
                )
        registrar = _registrar(county, admin)
        registry = Registry.objects.get(code="32030201")
        cases = _cases(registrar, registry, today)
        _appointments(registrar, registry, today)
    count = Registry.objects.count()
    return f"婚姻登记演示：登记处{count}个，county 兼任婚姻登记员（鼓楼区），{cases}"
