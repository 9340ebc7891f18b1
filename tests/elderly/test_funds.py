"""Paying organisations (issue 14 items 5 and 6; D7.2, D13.1, D13.3): an approved meal
settlement and facility subsidies become institutional payables in payments, paid to
the operator's account and written to the append-only ledger; no source is paid twice
(a database constraint); a failed payment is re-issued within the window; a facility
closed in the month is not paid. Amounts are the settings' example values, worked by
hand in the comments: meals aged 3.00, low-income 5.00, disabled 4.00 a meal;
operating subsidy of a station 2,000.00 a month; construction 10,000.00 a place, at
most 300,000.00; re-issue within 3 working days."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, transaction

from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.elderly.models import FacilitySubsidy, Operator, Settlement
from minzheng.elderly.services.facilities import facility_decide
from minzheng.elderly.services.funds import (
    operator_account_save,
    subsidy_act,
    subsidy_prepare,
)
from minzheng.elderly.services.settlements import settlement_act, settlement_prepare
from minzheng.payments.models import InstitutionalPayable, LedgerEntry
from minzheng.payments.payables import payable_act, payable_balances
from tests.elderly.factories import (
    APRIL_2,
    MARCH,
    approved_settlement,
    make_canteen,
    make_facility,
)
from tests.factories import AREAS


def _entries(payable: InstitutionalPayable) -> list[tuple[str, Decimal]]:
    return [(e.kind, e.amount) for e in LedgerEntry.objects.filter(payable=payable)]


def test_an_approved_settlement_is_paid_to_the_operator_and_posted_to_the_ledger(users):
    settlement = approved_settlement(users)
    payable = settlement.payable
    assert payable is not None
    assert payable.programme == "elderly_meal_subsidy"
    assert payable.amount == Decimal("10.00")
    assert payable.area_id == "320302"  # the canteen's county pays
    assert payable.month == MARCH
    assert (payable.source_kind, payable.source_id) == ("elderly.settlement", settlement.pk)
    assert (payable.subject_kind, payable.subject_id) == (
        "elderly.facility",
        settlement.canteen_id,
    )
    assert payable.payee_name == payable.holder_name == "测试运营方"
    assert payable.masked_number == "6228********5678"
    assert payable.status == "pending"
    assert _entries(payable) == []  # nothing is money until it is sent

    payable_act(actor=users["county"], payable=payable, action="send")
    payable_act(actor=users["county"], payable=payable, action="confirm_paid")
    assert payable.status == "paid"
    assert _entries(payable) == [("issued", Decimal("10.00")), ("paid", Decimal("10.00"))]
    entry = LedgerEntry.objects.filter(payable=payable).first()
    assert entry.programme == "elderly_meal_subsidy" and entry.area_id == "320302"
    assert (entry.payable.source_kind, entry.payable.source_id) == (
        "elderly.settlement",
        settlement.pk,
    )
    assert (
        entry.note
        == f"{settlement.canteen.name} 2026年03月助餐补贴结算（来源编号{settlement.pk}）"
    )
    assert payable_balances() == []
    # the totals page counts it in the month paid for, under its programme
    from minzheng.payments.totals import totals

    [row] = totals("320302")
    assert (row.programme_label, row.month, row.issued, row.paid) == (
        "老年助餐补贴",
        MARCH,
        Decimal("10.00"),
        Decimal("10.00"),
    )


def test_a_settlement_is_never_paid_twice(users):
    settlement = approved_settlement(users)
    from minzheng.elderly.services.funds import settlement_pay

    with pytest.raises(ValidationError) as refused:
        settlement_pay(actor=users["county"], settlement=settlement)
    assert "不能重复拨付" in str(refused.value)
    # and the database refuses a second row for the same source, whatever the code does
    first = settlement.payable
    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionalPayable.objects.create(
            area_id="320302",
            programme="elderly_meal_subsidy",
            month=MARCH,
            amount=Decimal("10.00"),
            source_kind="elderly.settlement",
            source_id=settlement.pk,
            source_label="again",
            subject_kind="elderly.facility",
            subject_id=first.subject_id,
            payee_kind="elderly.operator",
            payee_ref=first.payee_ref,
            payee_name=first.payee_name,
            bank=first.bank,
            account_number=first.account_number,
            holder_name=first.holder_name,
            created_by=users["county"],
        )
    assert InstitutionalPayable.objects.count() == 1


def test_approval_is_refused_while_the_operator_has_no_account(users):
    canteen = make_canteen(AREAS["community_a1"])
    Operator.objects.filter(pk=canteen.operator_id).update(bank="", account_number="")
    settlement = settlement_prepare(
        actor=users["caseworker"], canteen=canteen, month=MARCH, today=APRIL_2
    )
    Settlement.objects.filter(pk=settlement.pk).update(amount=Decimal("5.00"))
    settlement.refresh_from_db()
    settlement_act(actor=users["caseworker"], settlement=settlement, action="submit")
    with pytest.raises(ValidationError) as refused:
        settlement_act(actor=users["county"], settlement=settlement, action="approve")
    assert "未登记开户银行和账号" in str(refused.value)
    settlement.refresh_from_db()
    assert settlement.status == "submitted" and settlement.payable is None  # rolled back


def test_a_failed_payment_is_reissued_to_the_current_account_within_the_window(users):
    settlement = approved_settlement(users)
    payable = settlement.payable
    wed = dt.date(2026, 4, 8)  # Wednesday; +3 working days = Monday 13 April
    payable_act(actor=users["county"], payable=payable, action="send", today=wed)
    with pytest.raises(WorkflowError):  # the bank's reason is required
        payable_act(actor=users["county"], payable=payable, action="record_failed", today=wed)
    payable_act(
        actor=users["county"], payable=payable, action="record_failed", note="账户冻结", today=wed
    )
    assert (payable.status, payable.bank_reason, payable.answered_on) == (
        "failed",
        "账户冻结",
        wed,
    )
    operator = Operator.objects.get(pk=payable.payee_ref)
    operator_account_save(
        actor=users["county"],
        operator=operator,
        bank="中国银行徐州分行",
        account_number="6217000011112222",
        holder_name="测试运营方",
    )
    payable_act(
        actor=users["county"], payable=payable, action="reissue", today=dt.date(2026, 4, 13)
    )
    payable.refresh_from_db()
    assert (payable.status, payable.account_number, payable.reissues) == (
        "sent",
        "6217000011112222",
        1,
    )
    payable_act(actor=users["county"], payable=payable, action="confirm_paid")
    # issued 10 + reissued 10 = failed 10 + paid 10
    assert _entries(payable) == [
        ("issued", Decimal("10.00")),
        ("failed", Decimal("10.00")),
        ("reissued", Decimal("10.00")),
        ("paid", Decimal("10.00")),
    ]
    assert payable_balances() == []


def test_a_return_past_the_window_is_not_reissued(users):
    payable = approved_settlement(users).payable
    wed = dt.date(2026, 4, 8)
    payable_act(actor=users["county"], payable=payable, action="send", today=wed)
    payable_act(
        actor=users["county"],
        payable=payable,
        action="record_returned",
        note="户名不符",
        today=wed,
    )
    with pytest.raises(WorkflowError) as refused:
        payable_act(
            actor=users["county"], payable=payable, action="reissue", today=dt.date(2026, 4, 14)
        )
    assert "补发时限" in str(refused.value)
    with pytest.raises(ActionNotPermitted):  # the county bureau pays, not the township
        payable_act(actor=users["township"], payable=payable, action="reissue", today=wed)


def test_the_ledger_stays_append_only(users):
    payable = approved_settlement(users).payable
    payable_act(actor=users["county"], payable=payable, action="send")
    entry = LedgerEntry.objects.get(payable=payable)
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()


def test_the_operator_account_names_the_operator_and_is_kept_by_the_county(users):
    station = make_facility(AREAS["community_a1"])
    operator = station.operator
    with pytest.raises(ValidationError) as refused:
        operator_account_save(
            actor=users["county"],
            operator=operator,
            bank="中国银行",
            account_number="12ab",
            holder_name="张三",
        )
    assert set(refused.value.error_dict) == {"account_number", "holder_name"}
    with pytest.raises(PermissionDenied):  # a township does not keep accounts
        operator_account_save(
            actor=users["township"],
            operator=operator,
            bank="中国银行",
            account_number="62170000111122",
            holder_name=operator.name,
        )
    make_facility(AREAS["community_b1"])  # same operator in county b: the city's now
    with pytest.raises(PermissionDenied):
        operator_account_save(
            actor=users["county"],
            operator=operator,
            bank="中国银行",
            account_number="62170000111122",
            holder_name=operator.name,
        )
    operator_account_save(
        actor=users["city"],
        operator=operator,
        bank="中国银行",
        account_number="62170000111122",
        holder_name=operator.name,
    )


def test_operating_and_construction_subsidies_from_the_settings(users):
    station = make_facility(AREAS["community_a1"], opened_on=dt.date(2025, 6, 1))
    operating = subsidy_prepare(
        actor=users["township"], facility=station, kind="operating", month=MARCH, today=APRIL_2
    )
    assert operating.amount == Decimal("2000.00")  # a station's month
    # capacity 40 × 10,000.00 = 400,000.00 > the cap 300,000.00
    construction = subsidy_prepare(
        actor=users["township"],
        facility=station,
        kind="construction",
        month=dt.date(2025, 6, 1),
        today=APRIL_2,
    )
    assert construction.amount == Decimal("300000.00")
    assert "上限" in construction.basis
    with pytest.raises(ValidationError):  # once per facility
        subsidy_prepare(
            actor=users["township"], facility=station, kind="construction", month=MARCH
        )
    for item in (operating, construction):
        subsidy_act(actor=users["township"], item=item, action="submit")
        subsidy_act(actor=users["county"], item=item, action="approve")
        item.refresh_from_db()
        assert item.status == "approved" and item.payable.amount == item.amount
        assert (item.payable.subject_kind, item.payable.subject_id) == (
            "elderly.facility",
            station.pk,
        )
    assert sorted(InstitutionalPayable.objects.values_list("programme", flat=True)) == [
        "elderly_construction_subsidy",
        "elderly_operating_subsidy",
    ]


def test_a_facility_closed_in_the_month_is_not_paid(users):
    station = make_facility(AREAS["community_a1"], opened_on=dt.date(2025, 6, 1))
    february = subsidy_prepare(
        actor=users["township"],
        facility=station,
        kind="operating",
        month=dt.date(2026, 2, 1),
        today=APRIL_2,
    )
    subsidy_act(actor=users["township"], item=february, action="submit")
    facility_decide(
        actor=users["county"],
        facility=station,
        action="close",
        note="场地到期",
        on=dt.date(2026, 2, 20),
        today=APRIL_2,
    )
    with pytest.raises(ValidationError) as refused:  # closed on 20 February
        subsidy_act(actor=users["county"], item=february, action="approve")
    assert "已于2026年02月20日停业关闭" in str(refused.value)
    february.refresh_from_db()
    assert february.status == "submitted" and february.payable is None
    with pytest.raises(ValidationError) as refused:
        subsidy_prepare(
            actor=users["township"], facility=station, kind="operating", month=MARCH, today=APRIL_2
        )
    assert "停业关闭" in str(refused.value)
    january = subsidy_prepare(
        actor=users["township"],
        facility=station,
        kind="operating",
        month=dt.date(2026, 1, 1),
        today=APRIL_2,
    )
    assert january.amount == Decimal("2000.00")  # open all January
    not_yet = make_facility(AREAS["community_a1"], opened_on=dt.date(2026, 4, 1))
    with pytest.raises(ValidationError) as refused:
        subsidy_prepare(
            actor=users["township"], facility=not_yet, kind="operating", month=MARCH, today=APRIL_2
        )
    assert "尚未开业" in str(refused.value)
    assert FacilitySubsidy.objects.filter(payable__isnull=False).count() == 0


def test_the_supervision_export_holds_what_the_three_checks_need(users, tmp_path):
    """The nightly snapshot writes the payable (payments) and the elderly tables: the
    closure's day beside the subsidy paid, capacity beside the meals, each meal with its
    person, canteen and day."""
    import pyarrow.parquet as pq

    from minzheng.warning.snapshot import registry_snapshot

    settlement = approved_settlement(users)
    payable = settlement.payable
    payable_act(actor=users["county"], payable=payable, action="send")
    payable_act(actor=users["county"], payable=payable, action="confirm_paid")
    facility_decide(
        actor=users["county"],
        facility=settlement.canteen,
        action="close",
        note="停业",
        on=dt.date(2026, 4, 1),
        today=APRIL_2,
    )
    rows = registry_snapshot(tmp_path, on=APRIL_2)
    assert rows["institutional_payables"] == 1 and rows["elderly_meal_records"] == 3

    def read(name):
        return pq.read_table(tmp_path / f"{name}.parquet").to_pylist()

    [p] = read("institutional_payables")
    assert (p["payable_id"], p["programme"], p["status"], p["amount"]) == (
        payable.pk,
        "elderly_meal_subsidy",
        "paid",
        Decimal("10.00"),
    )
    assert (p["subject_kind"], p["subject_id"]) == ("elderly.facility", settlement.canteen_id)
    ledger = [r for r in read("ledger") if r["payable_id"] == payable.pk]
    assert [(r["kind"], r["month"]) for r in ledger] == [("issued", MARCH), ("paid", MARCH)]
    [f] = read("elderly_facility_register")
    assert (f["capacity"], f["status"], f["closed_on"]) == (40, "closed", dt.date(2026, 4, 1))
    assert [e["event"] for e in read("elderly_facility_events")] == ["opened", "closed"]
    [item] = read("elderly_fund_items")
    assert (item["purpose"], item["meals"], item["payable_id"]) == (
        "meal_settlement",
        3,
        payable.pk,
    )
    meals = read("elderly_meal_records")
    assert {(m["canteen_id"], m["served_on"], m["meal"]) for m in meals} == {
        (settlement.canteen_id, dt.date(2026, 3, 2), "lunch")
    }


@pytest.mark.postgres_only  # SQLite has no row locks: it serialises whole transactions
@pytest.mark.django_db(transaction=True)
def test_two_payments_of_one_settlement_at_once_leave_one_payable(users):
    """Two clerks pay the same approved settlement at the same moment: one payable, and
    the other gets the refusal (the operator's row lock, then the unique source)."""
    import threading

    from django.db import connection

    from minzheng.core.workflow.engine import transition
    from minzheng.elderly.services.funds import settlement_pay

    canteen = make_canteen(AREAS["community_a1"])
    settlement = settlement_prepare(
        actor=users["caseworker"], canteen=canteen, month=MARCH, today=APRIL_2
    )
    Settlement.objects.filter(pk=settlement.pk).update(amount=Decimal("8.00"))
    transition(settlement, "submit", users["caseworker"])
    transition(settlement, "approve", users["county"])  # the engine alone: no payable yet
    start, outcomes = threading.Barrier(2), []

    def pay() -> None:
        try:
            start.wait(10)
            settlement_pay(
                actor=users["county"], settlement=Settlement.objects.get(pk=settlement.pk)
            )
            outcomes.append("paid")
        except ValidationError as refused:
            outcomes.append(" ".join(refused.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=pay) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["paid", "该事项已生成拨付记录，不能重复拨付"]
    assert InstitutionalPayable.objects.filter(source_id=settlement.pk).count() == 1
