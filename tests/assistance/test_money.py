"""The leader's money view (issue 17 item 14): approved monthly amounts of enrolments in
force in a month, people, by county and programme, against the same month last year.
Amounts and counts below are worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from minzheng.assistance.models import Enrolment
from minzheng.assistance.money import money_view
from tests.assistance.enrolments import make_enrolment
from tests.factories import AREAS

pytestmark = pytest.mark.django_db
D = dt.date


def _enrol(users, area, programme, amount, people, starts, ends=None, adjust=None):
    changes = (("adjust", *adjust),) if adjust else ()
    return make_enrolment(
        users["county"],
        programme,
        amount,
        starts,
        area=area,
        ends=ends,
        changes=changes,
        size=people,
    )


@pytest.fixture
def enrolled(users, standards):
    a, b = AREAS["community_a1"], AREAS["community_b1"]
    _enrol(users, a, "dibao", "760.00", 2, D(2025, 6, 1), adjust=(D(2026, 9, 1), "500.00"))
    _enrol(users, a, "dibao", "380.00", 1, D(2026, 11, 1))
    _enrol(users, a, "extreme_poverty", "1100.00", 1, D(2025, 1, 1), ends=D(2026, 12, 1))
    _enrol(users, b, "dibao", "1140.00", 3, D(2025, 12, 1))


def test_a_month_by_county_and_programme_against_the_same_month_last_year(users, enrolled):
    view = money_view("3203", D(2026, 12, 15))
    rows = {(r.county, r.programme): r for r in view.rows}
    gulou = rows[("鼓楼区", "最低生活保障")]
    # Dec 2026: 500.00 (adjusted in Sep) + 380.00 (from Nov) = 880.00 for 3 people;
    # Dec 2025: only the first, at 760.00 for 2 people.
    assert (gulou.this_month.households, gulou.this_month.people) == (2, 3)
    assert (gulou.this_month.amount, gulou.last_year.amount) == (
        Decimal("880.00"),
        Decimal("760.00"),
    )
    assert gulou.change == Decimal("15.8")  # (880 − 760) / 760 = 15.79 %
    ended = rows[("鼓楼区", "特困人员救助供养")]  # ended 1 Dec 2026: nothing this month
    assert (ended.this_month.amount, ended.last_year.amount) == (0, Decimal("1100.00"))
    yunlong = rows[("云龙区", "最低生活保障")]
    assert (yunlong.this_month.amount, yunlong.last_year.people) == (Decimal("1140.00"), 3)
    assert (view.total.amount, view.total.people, view.total.households) == (
        Decimal("2020.00"),
        6,
        3,
    )
    assert view.total_last_year.amount == Decimal("3000.00")  # 760 + 1100 + 1140


def test_the_leader_sees_the_page_labelled_and_a_masked_roster(users, enrolled):
    client = Client()
    client.force_login(users["leader"])
    page = client.get("/assistance/money/?month=2026-12").content.decode()
    assert "核定月保障金额，非实际发放" in page and "2020.00" in page
    assert client.get("/assistance/money/?month=2026-13").status_code == 400
    home = client.get("/").content.decode()
    assert "/assistance/money/" in home and "/assistance/beneficiaries/" in home
    roster = client.get("/assistance/beneficiaries/").content.decode()
    heads = [e.household.head for e in Enrolment.objects.current().select_related("household")]
    assert all(h.name not in roster and h.id_number not in roster for h in heads)
    assert f"{heads[0].name[0]}*" in roster
