"""The payments demo seeder: this month paid (a failure and a card in another's name
re-issued), next month computed, the ledger balanced; run twice, made once. Today is
fixed so the expectations do not depend on the day the suite runs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from minzheng.payments.demo import seed_demo
from minzheng.payments.ledger import balances
from minzheng.payments.models import LedgerEntry, PayrollCycle
from tests.factories import make_user
from tests.payments.conftest import D, enrol

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 16)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def test_the_demo_pays_a_month_reissues_and_computes_the_next(areas):
    county = make_user("county", "county_approver", "320302")
    for amount in ("500.00", "700.00", "300.00"):
        enrol(county, "dibao", amount, D(2026, 6, 1))
    assert "2026年11月低保3笔已发放并对账" in seed_demo()
    regular, correction, following = PayrollCycle.objects.order_by("id")
    assert (regular.status, regular.month, regular.kind) == (
        "reconciled",
        D(2026, 11, 1),
        "regular",
    )
    assert (correction.status, correction.kind, correction.line_count) == (
        "reconciled",
        "correction",
        2,
    )
    assert (following.status, following.month) == ("computed", D(2026, 12, 1))
    # Nov: 500 + 700 + 300 computed; the second card held (700), the first failed (500):
    # paid 300.00 then 500.00 + 700.00 re-issued and paid.
    paid = sum(e.amount for e in LedgerEntry.objects.filter(kind="paid"))
    assert paid == Decimal("1500.00")
    assert all(b.balanced for b in balances()) and len(balances()) == 2
    assert seed_demo() == "" and PayrollCycle.objects.count() == 3
