"""Stops and recoveries (D13.5, D2.7, D6.4). Payment stops from the event's month plus
the programme's `payments.stop.months_after` (written by the fixture: dibao 1,
extreme_poverty 1); whatever was paid for a later month becomes a recovery order,
recovered by deductions (capped at `payments.recovery.max_deduction_share` = 0.5 of
the line) or repayments, written off only by the county approver with a reason.
Every amount below is worked out by hand in its comment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from minzheng.assistance.models import Breach, EnrolmentChange, Grant
from minzheng.core.models import AuditEntry, Person
from minzheng.payments.errors import PaymentError
from minzheng.payments.models import LedgerEntry, PaymentStop, PayrollLine, RecoveryOrder
from minzheng.payments.recoveries import recovery_open, recovery_repay, recovery_write_off
from tests.payments.conftest import (
    DEC,
    NOV,
    D,
    account_for,
    answer,
    approve_and_send,
    computed_cycle,
    enrol,
    paid_cycle,
)

pytestmark = pytest.mark.django_db
OCT, JAN, FEB = D(2026, 10, 1), D(2027, 1, 1), D(2027, 2, 1)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _enrolled(users, programme: str, amount: str):
    e = enrol(users["county"], programme, amount, D(2025, 1, 1))
    account_for(users["county"], e.household)
    return e


def _payees(cycle) -> set[int]:
    return set(PayrollLine.objects.filter(cycle=cycle).values_list("beneficiary_id", flat=True))


def _sweep() -> str:
    out = StringIO()
    call_command("payments_stops", stdout=out)
    return out.getvalue()


def test_death_mid_month_stops_from_the_next_month_and_recovers_what_was_paid_after(
    users, pay_settings
):
    dies = _enrolled(users, "extreme_poverty", "1000.00")
    lives = _enrolled(users, "extreme_poverty", "800.00")
    paid_cycle(users, OCT, "extreme_poverty")
    paid_cycle(users, NOV, "extreme_poverty")
    person = dies.household.head
    # The registry learns late that the person died on 15 October.
    Person.objects.filter(pk=person.pk).update(life_status="deceased", death_date=D(2026, 10, 15))
    december = computed_cycle(users["county"], DEC, "extreme_poverty")
    # Stop from October + 1 month = November: December pays only the one alive.
    assert _payees(december) == {lives.household.head_id}
    stop = PaymentStop.objects.get(beneficiary=person)
    assert (stop.cause, stop.from_month, stop.rule) == ("death", NOV, "D13.5")
    # October (the month of death) was due; November's 1000.00 was paid after the stop.
    order = RecoveryOrder.objects.get(beneficiary=person)
    assert (order.amount, order.months, order.rule, order.status) == (
        Decimal("1000.00"),
        ["2026-11"],
        "D13.5",
        "open",
    )
    assert order.stop == stop and order.created_by == users["county"]
    summaries = set(AuditEntry.objects.values_list("summary", flat=True))
    assert "停发：死亡，2026年11月起" in summaries
    assert "停发后追回：2026-11共1000.00元" in summaries
    # Computing again finds the stop recorded: no second stop, no second order.
    computed_cycle(users["county"], D(2027, 1, 1), "extreme_poverty")
    assert RecoveryOrder.objects.count() == 1 and PaymentStop.objects.count() == 1


def test_a_retroactive_termination_recovers_the_months_paid_after_it_took_effect(
    users, pay_settings
):
    e = _enrolled(users, "dibao", "500.00")
    for month in (OCT, NOV, DEC):
        paid_cycle(users, month)
    # Decided on 20 December: income rose above the standard from November (D2.7).
    change = EnrolmentChange.objects.create(
        enrolment=e, kind="terminate", effective_on=NOV, decided_by=users["county"]
    )
    EnrolmentChange.objects.filter(pk=change.pk).update(
        decided_at=dt.datetime(2026, 12, 20, 10, 0, tzinfo=SHANGHAI)
    )
    type(e).objects.filter(pk=e.pk).update(ends_on=NOV, status="ended")
    assert _sweep() == "停发核查完成：新记录1项\n"
    # From min(December + 1 = January, the decision's own November) = November:
    # November and December, 500.00 each, 1000.00 in all.
    stop = PaymentStop.objects.get()
    assert (stop.cause, stop.from_month, stop.created_by) == ("termination", NOV, None)
    order = RecoveryOrder.objects.get()
    assert (order.amount, order.months, order.rule) == (
        Decimal("1000.00"),
        ["2026-11", "2026-12"],
        "D13.5 D2.7",
    )
    assert _sweep() == "停发核查完成：新记录0项\n"  # idempotent


def test_a_termination_from_next_month_recovers_nothing(users, pay_settings):
    e = _enrolled(users, "dibao", "500.00")
    paid_cycle(users, NOV)
    change = EnrolmentChange.objects.create(
        enrolment=e, kind="terminate", effective_on=DEC, decided_by=users["county"]
    )
    EnrolmentChange.objects.filter(pk=change.pk).update(
        decided_at=dt.datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)
    )
    _sweep()
    assert PaymentStop.objects.get().from_month == DEC  # November + 1
    assert not RecoveryOrder.objects.exists()


def _breach(users, enrolment, *, stop: bool, recovery: str, on: dt.date) -> Breach:
    grant = Grant.objects.create(
        application=enrolment.application,
        amount=Decimal("800.00"),
        granted_on=D(2026, 10, 8),
        verify_by=D(2026, 10, 15),
        granted_by=users["county"],
    )
    return Breach.objects.create(
        grant=grant,
        grade="serious",
        facts="隐瞒工资收入",
        stop_assistance=stop,
        recovery_amount=Decimal(recovery),
        decided_on=on,
        decided_by=users["county"],
    )


def test_a_breach_stops_assistance_and_a_line_in_flight_paid_after_it_is_recovered(
    users, pay_settings
):
    e = _enrolled(users, "dibao", "600.00")
    paid_cycle(users, OCT)
    paid_cycle(users, NOV)
    december = approve_and_send(users, computed_cycle(users["county"], DEC))  # in flight
    breach = _breach(users, e, stop=True, recovery="800.00", on=D(2026, 11, 28))
    _sweep()
    stop = PaymentStop.objects.get()
    assert (stop.cause, stop.from_month, stop.rule) == ("breach", DEC, "D6.4")  # Nov + 1
    # The ordered repayment of the fast-track grant: 800.00 (D6.4).
    ordered = RecoveryOrder.objects.get(breach=breach)
    assert (ordered.amount, ordered.rule, ordered.months) == (
        Decimal("800.00"),
        "D6.4",
        ["2026-10"],
    )
    answer(users, december)  # the bank pays December's 600.00 all the same
    after = RecoveryOrder.objects.get(stop=stop)
    assert (after.amount, after.months) == (Decimal("600.00"), ["2026-12"])
    january = computed_cycle(users["county"], JAN)
    assert e.household.head_id not in _payees(january)


def test_a_recovery_is_repaid_by_deductions_over_two_cycles(users, pay_settings):
    e = _enrolled(users, "dibao", "400.00")
    _breach(users, e, stop=False, recovery="300.00", on=DEC)
    _sweep()
    order = RecoveryOrder.objects.get()
    january = paid_cycle(users, JAN)
    line = PayrollLine.objects.get(cycle=january)
    # min(instalment 300.00, owed 300.00, 400.00 × 0.5 = 200.00) = 200.00; 400 − 200 = 200.
    assert (line.deductions, line.total, line.basis["deductions"]) == (
        Decimal("200.00"),
        Decimal("200.00"),
        "D6.4",
    )
    order.refresh_from_db()
    assert (order.recovered, order.status) == (Decimal("200.00"), "open")
    february = paid_cycle(users, FEB)
    line = PayrollLine.objects.get(cycle=february)
    # min(300.00, owed 300 − 200 = 100.00, 200.00) = 100.00; 400 − 100 = 300.
    assert (line.deductions, line.total) == (Decimal("100.00"), Decimal("300.00"))
    order.refresh_from_db()
    assert (order.recovered, order.status) == (Decimal("300.00"), "repaid")
    recovered = LedgerEntry.objects.filter(kind="recovered", recovery=order)
    assert sorted(recovered.values_list("amount", flat=True)) == [
        Decimal("100.00"),
        Decimal("200.00"),
    ]
    march = computed_cycle(users["county"], D(2027, 3, 1))
    assert PayrollLine.objects.get(cycle=march).deductions == Decimal("0.00")  # repaid


def _order(users, amount: str = "900.00") -> RecoveryOrder:
    e = _enrolled(users, "dibao", "450.00")
    return recovery_open(
        actor=users["county"],
        beneficiary=e.household.head,
        programme="dibao",
        area=e.household.area.parent.parent,  # 鼓楼区
        amount=Decimal(amount),
        months=[NOV, DEC],
        reason="死亡后多发（测试）",
        rule="D13.5",
        instalment=Decimal("450.00"),
    )


def test_a_recovery_is_repaid_in_instalments(users, pay_settings):
    order = _order(users)
    recovery_repay(actor=users["county"], order=order, amount=Decimal("400.00"))
    order.refresh_from_db()
    assert (order.recovered, order.status) == (Decimal("400.00"), "open")
    with pytest.raises(PaymentError, match=r"不超过未追回的500\.00元"):
        recovery_repay(actor=users["county"], order=order, amount=Decimal("500.01"))
    recovery_repay(actor=users["county"], order=order, amount=Decimal("500.00"))
    order.refresh_from_db()
    assert (order.recovered, order.status) == (Decimal("900.00"), "repaid")
    entries = LedgerEntry.objects.filter(kind="recovered", recovery=order, note="退还")
    assert sorted(entries.values_list("amount", flat=True)) == [
        Decimal("400.00"),
        Decimal("500.00"),
    ]
    summaries = AuditEntry.objects.filter(object_id=str(order.pk)).values_list(
        "summary", flat=True
    )
    assert {"退还400.00元", "退还500.00元"} <= set(summaries)


def test_a_write_off_is_refused_to_the_wrong_role_the_wrong_county_and_without_reason(
    users, pay_settings
):
    order = _order(users)
    with pytest.raises(PaymentError, match="只有县级审批人可以核销追回单"):
        recovery_write_off(actor=users["township"], order=order, reason="无力偿还")
    with pytest.raises(PaymentError, match="只有县级审批人可以核销追回单"):
        recovery_write_off(actor=users["city"], order=order, reason="无力偿还")
    with pytest.raises(PaymentError, match="该追回单不在您的管辖区域内"):
        recovery_write_off(actor=users["county_b"], order=order, reason="无力偿还")
    with pytest.raises(PaymentError, match="核销理由：必填"):
        recovery_write_off(actor=users["county"], order=order, reason="  ")
    order.refresh_from_db()
    assert order.status == "open"
    recovery_write_off(actor=users["county"], order=order, reason="对象死亡且无遗产可供追偿")
    order.refresh_from_db()
    assert (order.status, order.written_off_by, order.written_off_reason) == (
        "written_off",
        users["county"],
        "对象死亡且无遗产可供追偿",
    )
    assert order.written_off_at is not None
    assert AuditEntry.objects.filter(summary="核销追回单：未追回900.00元").exists()


def test_the_set_based_payroll_pays_nothing_from_a_recorded_stop_month(users, pay_settings):
    """The database's statement (payroll_sql.IN_FORCE) reads the stop itself: an
    enrolment still in force pays nothing from the stop's month on, and the months
    before it as usual (D13.5)."""
    stopped = _enrolled(users, "dibao", "500.00")
    later = _enrolled(users, "dibao", "600.00")
    for enrolment, month in ((stopped, DEC), (later, JAN)):
        PaymentStop.objects.create(
            beneficiary=enrolment.household.head,
            enrolment=enrolment,
            programme="dibao",
            cause="breach",
            event_on=month,
            from_month=month,
            rule="D6.4",
            reason="测试：停发记录",
            created_by=users["county"],
        )
    # December: the stop from December leaves the first out; the second is stopped
    # only from January, so December still pays it 600.00.
    december = computed_cycle(users["county"], DEC)
    assert _payees(december) == {later.household.head_id}
    assert december.total == Decimal("600.00")
    assert _payees(computed_cycle(users["county"], JAN)) == set()
