"""No double payment (D13.3): one payable line per beneficiary, programme and month,
a source line re-issued at most once — enforced by the database, and safe when two
runs of the same payroll happen at once (PostgreSQL, two threads)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from minzheng.core.models import Area, Household, HouseholdMembership
from minzheng.payments.errors import PaymentError
from minzheng.payments.models import CoveredMonth, PayrollCycle, PayrollLine
from minzheng.payments.services.payroll import payroll_compute, payroll_cycle_open
from tests.factories import AREAS
from tests.payments.conftest import (
    DEC,
    NOV,
    D,
    account_for,
    claim_again_for_other_member,
    computed_cycle,
    enrol,
    paid_cycle,
)

OCT = D(2026, 10, 1)


@pytest.fixture
def three(users, pay_settings):
    for amount in ("500.00", "600.00", "700.00"):
        e = enrol(users["county"], "dibao", amount, D(2025, 1, 1))
        account_for(users["county"], e.household)


def _copy(line: PayrollLine, cycle: PayrollCycle, reference: str, **kw) -> PayrollLine:
    fields = {
        f.attname: getattr(line, f.attname)
        for f in PayrollLine._meta.concrete_fields
        if f.attname not in ("id", "cycle_id", "reference")
    }
    return PayrollLine.objects.create(**{**fields, **kw, "cycle": cycle, "reference": reference})


def _paid_and_correction(users) -> tuple[PayrollLine, PayrollCycle]:
    """A computed December line, and a correction batch of the same month."""
    cycle = computed_cycle(users["county"], DEC)
    correction = PayrollCycle.objects.create(
        programme="dibao",
        area_id=AREAS["county_a"],
        month=DEC,
        kind="correction",
        created_by=users["county"],
    )
    return PayrollLine.objects.filter(cycle=cycle).first(), correction


@pytest.mark.django_db
def test_a_second_line_for_the_same_person_and_month_is_refused_by_the_database(users, three):
    line, other = _paid_and_correction(users)
    with pytest.raises(IntegrityError), transaction.atomic():
        _copy(line, other, "X1")


@pytest.mark.django_db
def test_a_source_line_is_reissued_at_most_once(users, three):
    line, other = _paid_and_correction(users)
    _copy(line, other, "R1", reissue_of_id=line.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        _copy(line, other, "R2", reissue_of_id=line.pk)


@pytest.mark.django_db
def test_a_second_regular_cycle_for_the_same_county_and_month_is_refused(users, three):
    computed_cycle(users["county"], DEC)
    with pytest.raises(PaymentError, match="发放批次已存在"):
        payroll_cycle_open(
            actor=users["county"],
            programme="dibao",
            county=Area.objects.get(code=AREAS["county_a"]),
            month=D(2026, 12, 20),
        )


@pytest.mark.postgres_only  # SQLite has no row locks: it serialises whole transactions
@pytest.mark.django_db(transaction=True)
def test_two_runs_of_the_same_cycle_at_once_leave_one_line_per_person(users, three):
    """Both runs succeed one after the other (the engine locks the cycle row); the
    second replaces the first's lines, so three people have three lines, not six."""
    cycle = payroll_cycle_open(
        actor=users["county"],
        programme="dibao",
        county=Area.objects.get(code=AREAS["county_a"]),
        month=DEC,
    )
    start, outcomes = threading.Barrier(2), []

    def run() -> None:
        try:
            start.wait(10)
            payroll_compute(actor=users["county"], cycle=PayrollCycle.objects.get(pk=cycle.pk))
            outcomes.append("computed")
        except Exception as refused:
            outcomes.append(repr(refused))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert outcomes == ["computed", "computed"]
    assert PayrollLine.objects.filter(cycle=cycle).count() == 3
    assert CoveredMonth.objects.filter(month=DEC).count() == 3


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_people_opening_the_same_months_payroll_at_once_get_one_cycle(users, three):
    county = Area.objects.get(code=AREAS["county_a"])
    start, outcomes = threading.Barrier(2), []

    def run(user) -> None:
        try:
            start.wait(10)
            cycle = payroll_cycle_open(actor=user, programme="dibao", county=county, month=DEC)
            payroll_compute(actor=user, cycle=cycle)
            outcomes.append("computed")
        except PaymentError as refused:
            outcomes.append(str(refused))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(users[k],)) for k in ("county", "county_2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["computed", "鼓楼区该项目2026年12月的发放批次已存在"]
    assert PayrollLine.objects.count() == 3


def _new_head(household: Household) -> int:
    """The household names its other member head (D13.1: the head is paid)."""
    other = HouseholdMembership.objects.exclude(person_id=household.head_id).get(
        household=household
    )
    Household.objects.filter(pk=household.pk).update(head_id=other.person_id)
    household.refresh_from_db()
    return other.person_id


@pytest.mark.django_db
def test_a_new_head_is_not_paid_again_the_months_the_former_head_was_paid(users, pay_settings):
    """October paid to the first head; the household then names another head. November
    pays the new head November's 500.00 only: October was the household's month, paid
    already (D13.1, D13.3) — not arrears of 500.00 a second time."""
    e = enrol(users["county"], "dibao", "500.00", D(2025, 1, 1))
    account_for(users["county"], e.household)
    paid_cycle(users, OCT)
    first = e.household.head_id
    second = _new_head(e.household)
    account_for(users["county"], e.household)
    paid_cycle(users, NOV)
    line = PayrollLine.objects.get(month=NOV)
    assert (line.beneficiary_id, line.base, line.arrears, line.total) == (
        second,
        Decimal("500.00"),
        Decimal("0.00"),
        Decimal("500.00"),
    )
    assert line.arrears_months == []
    # The household's months were each claimed once, for two different payees.
    claims = CoveredMonth.objects.order_by("month").values_list(
        "household_id", "beneficiary_id", "month", "household_claim"
    )
    assert list(claims) == [
        (e.household_id, first, OCT, True),
        (e.household_id, second, NOV, True),
    ]


@pytest.mark.django_db
def test_a_new_head_is_paid_the_months_nobody_was_paid(users, pay_settings):
    """The county's payroll ran in September and October without this household
    (approved late, D1.8). Its head changes before November: November pays the new head
    500.00 for November and 2 × 500.00 arrears for September and October — the
    household's months nobody was paid."""
    SEP = D(2026, 9, 1)
    other = enrol(users["county"], "dibao", "600.00", D(2025, 1, 1))
    account_for(users["county"], other.household)
    paid_cycle(users, SEP)
    paid_cycle(users, OCT)
    e = enrol(users["county"], "dibao", "500.00", D(2026, 9, 1))
    _new_head(e.household)
    account_for(users["county"], e.household)
    paid_cycle(users, NOV)
    line = PayrollLine.objects.get(month=NOV, household=e.household)
    assert (line.base, line.arrears, line.total, line.arrears_months) == (
        Decimal("500.00"),
        Decimal("1000.00"),
        Decimal("1500.00"),
        ["2026-09", "2026-10"],
    )


@pytest.mark.django_db
def test_the_database_refuses_a_household_month_claimed_twice(users, pay_settings):
    e = enrol(users["county"], "dibao", "500.00", D(2025, 1, 1))
    account_for(users["county"], e.household)
    paid_cycle(users, OCT)
    with pytest.raises(IntegrityError), transaction.atomic():
        claim_again_for_other_member(CoveredMonth.objects.get())
