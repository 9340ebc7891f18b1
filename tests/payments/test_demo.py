"""The payments demo seeder: the county's roll loaded through the roll import, three
months paid (one failure re-issued, one recovery order deducted), this month computed,
the ledger balanced; run twice, made once. Today is fixed so the expectations do not
depend on the day the suite runs; every amount below is worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from minzheng.assistance.models import Enrolment
from minzheng.assistance.standards import seed_example_standards
from minzheng.payments.demo import seed_demo
from minzheng.payments.ledger import balances
from minzheng.payments.models import (
    Institution,
    LedgerEntry,
    PayeeAccount,
    PayrollCycle,
    Placement,
    RecoveryOrder,
)
from tests.factories import make_household, make_user
from tests.payments.conftest import D

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 16)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def test_the_demo_loads_a_roll_pays_three_months_reissues_and_recovers(areas):
    seed_example_standards()
    make_user("county", "county_approver", "320302")
    sizes = (1, 2, 3)  # demo amounts 620.00, 1040.00, 1380.00
    for size in sizes:
        make_household(size=size)
    summary = seed_demo()
    assert "导入保障名册3户" in summary and "2026年08月起3个月低保" in summary
    assert Enrolment.objects.filter(application__track="roll").count() == 3
    assert PayeeAccount.objects.count() == 3
    cycles = [(c.month, c.kind, c.status) for c in PayrollCycle.objects.order_by("id")]
    assert cycles == [
        (D(2026, 8, 1), "regular", "reconciled"),
        (D(2026, 9, 1), "regular", "reconciled"),
        (D(2026, 9, 1), "correction", "reconciled"),
        (D(2026, 10, 1), "regular", "reconciled"),
        (D(2026, 11, 1), "regular", "computed"),
    ]
    # Aug 620 + 1040 + 1380 = 3040; Sep 1040 + 1380 = 2420 and the failed 620 re-issued;
    # Oct 620 + (1040 - 100 deducted) + 1380 = 2940.  3040 + 2420 + 620 + 2940 = 9020.
    paid = sum(e.amount for e in LedgerEntry.objects.filter(kind="paid"))
    assert paid == Decimal("9020.00")
    assert [e.amount for e in LedgerEntry.objects.filter(kind="failed")] == [Decimal("620.00")]
    order = RecoveryOrder.objects.get()
    assert (order.amount, order.recovered, order.status) == (
        Decimal("1040.00"),
        Decimal("100.00"),
        "open",
    )
    november = PayrollCycle.objects.get(month=D(2026, 11, 1))
    assert november.total == Decimal("2940.00")  # the second 100.00 instalment deducted
    assert all(b.balanced for b in balances()) and len(balances()) == 4
    assert seed_demo() == "" and PayrollCycle.objects.count() == 5
    # The county's welfare centre, in its own name, with one resident from this month
    # who is not a head on the roll (the dibao payroll above is unchanged by it).
    centre = Institution.objects.get()
    assert (centre.area_id, centre.holder_name) == ("320302", "徐州市鼓楼区社会福利中心（演示）")
    stay = Placement.objects.get()
    heads = set(Enrolment.objects.values_list("household__head_id", flat=True))
    assert stay.person_id not in heads and (stay.starts_on, stay.ends_on) == (D(2026, 11, 1), None)


def test_nothing_without_the_demo_county_user(areas):
    make_household(size=1)
    assert seed_demo() == ""
    assert not PayrollCycle.objects.exists()
