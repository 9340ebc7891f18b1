"""Facilities, settlements and points for the elderly tests, written directly (the
services' checks are tested through the services)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from minzheng.core.models import User
from minzheng.core.settings_write import seed_examples
from minzheng.elderly.models import EventKind, Facility, FacilityEvent, Operator, Settlement
from minzheng.elderly.services.meals import Claim, meals_record
from minzheng.elderly.services.settlements import settlement_act, settlement_prepare
from tests.factories import AREAS, PersonFactory, new_id_number

MARCH = dt.date(2026, 3, 1)
APRIL_2 = dt.date(2026, 4, 2)

# Label points of the county outlines (core/data/xuzhou_counties.geojson): inside them.
POINT = {"320302": ("117.185576", "34.288646"), "320303": ("117.251076", "34.253164")}
_n = itertools.count(1)


def clerk() -> User:
    return User.objects.get_or_create(username="clerk", defaults={"role": "caseworker"})[0]


def seed_settings() -> None:
    seed_examples(apps=["elderly", "payments"])


def make_facility(
    area_code: str,
    *,
    kind: str = "station",
    name: str | None = None,
    opened_on: dt.date = dt.date(2025, 1, 1),
    services: tuple[str, ...] = ("day_care",),
    point: tuple[str, str] | None = None,
    parent: Facility | None = None,
) -> Facility:
    operator, _ = Operator.objects.get_or_create(
        name="测试运营方",
        defaults={
            "operator_type": "public",
            "credit_code": "52320302MJ1234567X",
            "bank": "徐州农村商业银行",
            "account_number": "6228480012345678",
            "holder_name": "测试运营方",
        },
    )
    lon, lat = point or POINT.get(area_code[:6], POINT["320302"])
    facility = Facility.objects.create(
        name=name or f"测试设施{next(_n)}",
        kind=kind,
        operator=operator,
        parent=parent,
        area_id=area_code,
        address="和平路1号",
        longitude=Decimal(lon),
        latitude=Decimal(lat),
        hours="8:00-17:00",
        services=list(services),
        capacity=40,
        opened_on=opened_on,
        created_by=clerk(),
    )
    FacilityEvent.objects.create(
        facility=facility, kind=EventKind.OPENED, on=opened_on, recorded_by=clerk()
    )
    return facility


def make_canteen(area_code: str, **kwargs: object) -> Facility:
    return make_facility(area_code, kind="canteen", services=("meals",), **kwargs)  # type: ignore[arg-type]


def make_settlement(canteen: Facility, month: dt.date = dt.date(2026, 2, 1)) -> Settlement:
    return Settlement.objects.create(
        canteen=canteen,
        month=month,
        area_id=canteen.area_id,
        amount=Decimal("0.00"),
        prepared_by=clerk(),
    )


def approved_settlement(users: dict[str, User]) -> Settlement:
    """March at one canteen: two aged people's lunches (2 × 3.00) and one disabled
    person's (4.00) = 10.00 yuan, 3 meals."""
    canteen = make_canteen(AREAS["community_a1"])
    aged = [
        PersonFactory(id_number=new_id_number(dt.date(1940, 1, n)), name=f"高龄{n}")
        for n in (1, 2)
    ]
    disabled = PersonFactory(
        id_number=new_id_number(dt.date(1960, 1, 1)),
        name="残疾丙",
        disability_type="physical",
        disability_grade=2,
    )
    meals_record(
        actor=users["caseworker"],
        canteen=canteen,
        served_on=dt.date(2026, 3, 2),
        claims=[Claim(p.id_number, p.name, "lunch", Decimal("12.00")) for p in [*aged, disabled]],
        source="page",
        today=dt.date(2026, 3, 2),
    )
    settlement = settlement_prepare(
        actor=users["caseworker"], canteen=canteen, month=MARCH, today=APRIL_2
    )
    assert (settlement.meals, settlement.amount) == (3, Decimal("10.00"))
    settlement_act(actor=users["caseworker"], settlement=settlement, action="submit")
    settlement_act(actor=users["county"], settlement=settlement, action="approve")
    return settlement
