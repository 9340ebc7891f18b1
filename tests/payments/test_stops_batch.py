"""A month's stops recorded in bulk (`services.stop_batch`, D13.5, D13.1): the death
sweep is driven from the deceased payees, each stop and each recovery order it opens
has its own audit entry, and a head named after the first head died is stopped when he
dies in turn. Settings from the fixture: `payments.stop.months_after` dibao 1,
extreme_poverty 1. Every amount below is worked out by hand in its comment."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minzheng.core.models import AuditEntry, Household, HouseholdMembership, Person
from minzheng.payments.models import PaymentStop, PayrollLine, RecoveryOrder
from minzheng.payments.services.stops import stops_sweep
from tests.payments.conftest import NOV, D, account_for, enrol, paid_cycle

pytestmark = pytest.mark.django_db
OCT = D(2026, 10, 1)


def _enrolled(users, programme: str, amount: str):
    e = enrol(users["county"], programme, amount, D(2025, 1, 1))
    account_for(users["county"], e.household)
    return e


def _dies(person_id: int, on) -> None:
    Person.objects.filter(pk=person_id).update(life_status="deceased", death_date=on)


def test_deaths_of_one_sweep_are_recorded_together_each_audited(users, pay_settings):
    first = _enrolled(users, "dibao", "500.00")
    second = _enrolled(users, "dibao", "620.00")
    lives = _enrolled(users, "dibao", "700.00")
    paid_cycle(users, OCT)
    paid_cycle(users, NOV)
    # The registry learns late: both heads died in October (stop from October + 1 =
    # November, D13.5); November was paid to both all the same.
    _dies(first.household.head_id, D(2026, 10, 3))
    _dies(second.household.head_id, D(2026, 10, 28))
    audited = AuditEntry.objects.count()
    assert stops_sweep(actor=None, prefix="3203") == 2
    stops = {s.beneficiary_id: s for s in PaymentStop.objects.all()}
    assert set(stops) == {first.household.head_id, second.household.head_id}
    assert {(s.cause, s.from_month, s.rule) for s in stops.values()} == {("death", NOV, "D13.5")}
    # What November paid each: 500.00 and 620.00, one order each, nothing for the living.
    orders = {o.beneficiary_id: o for o in RecoveryOrder.objects.all()}
    assert {p: (o.amount, o.instalment, o.months) for p, o in orders.items()} == {
        first.household.head_id: (Decimal("500.00"), Decimal("500.00"), ["2026-11"]),
        second.household.head_id: (Decimal("620.00"), Decimal("620.00"), ["2026-11"]),
    }
    assert lives.household.head_id not in orders
    assert all(o.stop == stops[p] and o.created_by is None for p, o in orders.items())
    # One audit entry per stop and one per order: four.
    new = AuditEntry.objects.order_by("id")[audited:]
    assert [e.summary for e in new] == [
        "停发：死亡，2026年11月起",
        "停发后追回：2026-11共500.00元",
        "停发：死亡，2026年11月起",
        "停发后追回：2026-11共620.00元",
    ]
    assert stops_sweep(actor=None, prefix="3203") == 0  # recorded once


def test_a_head_named_after_a_death_is_stopped_when_he_dies_too(users, pay_settings):
    e = _enrolled(users, "dibao", "500.00")
    paid_cycle(users, OCT)
    first = e.household.head_id
    _dies(first, D(2026, 10, 10))  # stop from November; October was due: no order
    assert stops_sweep(actor=None, prefix="3203") == 1
    assert not RecoveryOrder.objects.exists()
    # The household names the other member head (D13.1: the head is paid).
    other = HouseholdMembership.objects.exclude(person_id=first).get(household=e.household)
    Household.objects.filter(pk=e.household_id).update(head_id=other.person_id)
    e.household.refresh_from_db()
    account_for(users["county"], e.household)
    paid_cycle(users, NOV)
    paid = PayrollLine.objects.get(month=NOV)
    assert (paid.beneficiary_id, paid.base) == (other.person_id, Decimal("500.00"))
    # The new head had died on 25 October (the registry learns late): stopped from
    # November too, and November's 500.00 paid to him is recovered.
    _dies(other.person_id, D(2026, 10, 25))
    assert stops_sweep(actor=None, prefix="3203") == 1
    stop = PaymentStop.objects.get(beneficiary_id=other.person_id)
    assert (stop.enrolment_id, stop.cause, stop.from_month) == (e.pk, "death", NOV)
    order = RecoveryOrder.objects.get()
    assert (order.beneficiary_id, order.amount, order.months, order.stop) == (
        other.person_id,
        Decimal("500.00"),
        ["2026-11"],
        stop,
    )
