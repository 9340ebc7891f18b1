"""The marriage demo seeder: registries, the demo registrar, marriages, a refusal, a
divorce in its cooling-off period and appointments — once. "Today" is fixed at Thu
3 Sep 2026 so the periods are worked by hand (see test_periods.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minzheng.core.models import User
from minzheng.marriage.demo import seed_demo
from minzheng.marriage.duties import REGISTRAR
from minzheng.marriage.models import Appointment, Divorce, MarriageRegistration, Registry
from tests.factories import AREAS, make_user
from tests.marriage.conftest import household_of, resident

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 9, 3)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def _grown_children() -> None:
    """Sons and daughters aged 26–28 living with their parents in 鼓楼区: four households
    with a son and a daughter (siblings, whom the demo must not pair), four with a
    daughter only."""
    for _ in range(4):
        son, daughter = resident(dt.date(1998, 1, 1), True), resident(dt.date(2000, 1, 1), False)
        household_of(resident(dt.date(1965, 1, 1), True), child=son, child2=daughter)
        household_of(
            resident(dt.date(1966, 1, 1), False), child=resident(dt.date(1999, 1, 1), False)
        )


def test_nothing_without_the_demo_users(areas):
    assert seed_demo() == ""
    assert not Registry.objects.exists()


def test_the_demo_registry_once(areas):
    _grown_children()
    county = make_user("county", "county_approver", AREAS["county_a"])
    make_user("admin", "city_admin", AREAS["city"])
    message = seed_demo()
    assert "冷静期中的离婚申请1件" in message
    assert Registry.objects.count() == 4
    assert User.objects.get(pk=county.pk).has_duty(REGISTRAR)
    assert MarriageRegistration.objects.filter(status="registered").count() == 4
    assert MarriageRegistration.objects.filter(status="refused").count() == 1
    divorce = Divorce.objects.get()
    # received the working day 10 days before: Mon 24 Aug 2026; day 30 is Wed 23 Sep
    assert (divorce.received_on, divorce.cooling_off_ends_on) == (
        dt.date(2026, 8, 24),
        dt.date(2026, 9, 23),
    )
    assert divorce.phase(TODAY) == "cooling_off"
    assert Appointment.objects.filter(status="booked").count() == 3
    assert seed_demo() == ""  # idempotent
    assert Registry.objects.count() == 4
