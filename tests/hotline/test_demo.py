"""The hotline demo seeder: an operator with the duty, tickets in several states on
both lines, made once."""

from __future__ import annotations

import pytest

from minzheng.core.models import CalendarYear
from minzheng.hotline.demo import seed_demo
from minzheng.hotline.models import DeathOffer, Ticket
from tests.factories import make_household, make_user

pytestmark = pytest.mark.django_db


def test_the_demo_takes_calls_in_several_states(areas):
    CalendarYear.objects.get_or_create(year=2027, defaults={"source": "测试：2027年"})
    make_user("admin", "city_admin", "320300")
    county = make_user("county", "county_approver", "320302")
    make_user("township", "township_reviewer", "320302001")
    make_household("320302001001", size=2)  # a parent and a child born in 2010
    line = seed_demo()
    assert "接线员 hotline" in line
    states = set(Ticket.objects.values_list("status", flat=True))
    assert {"handling", "replied", "rated", "merged", "accepted"} <= states
    assert set(Ticket.objects.values_list("line", flat=True)) == {"children", "funeral"}
    assert DeathOffer.objects.get().state == "offered"
    county.refresh_from_db()
    assert county.has_duty("child_protection_officer")
    count = Ticket.objects.count()
    assert seed_demo() == "" and Ticket.objects.count() == count
