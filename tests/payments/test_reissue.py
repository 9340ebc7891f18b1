"""Re-issue in a correction batch (D13.3): a failed line is paid again once its account
is fixed, at most once, never while it is still in flight; the ledger balances per
batch: issued 1200.00 = paid 500.00 + failed 700.00, then re-issued 700.00 = paid 700.00."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from minzheng.core.models import Person
from minzheng.payments.ledger import balances
from minzheng.payments.models import LedgerEntry, PayrollCycle, PayrollLine
from minzheng.payments.reissue import NothingReissued
from minzheng.payments.services.accounts import payee_account_save
from minzheng.payments.services.payroll import correction_open, payroll_compute
from tests.payments.conftest import (
    DEC,
    D,
    account_for,
    answer,
    approve_and_send,
    computed_cycle,
    enrol,
    fix_account,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_one(users, pay_settings):
    """December sent: 500.00 paid, 700.00 failed (account closed)."""
    paid = enrol(users["county"], "dibao", "500.00", D(2025, 1, 1))
    failed = enrol(users["county"], "dibao", "700.00", D(2025, 1, 1))
    for e in (paid, failed):
        account_for(users["county"], e.household)
    cycle = approve_and_send(users, computed_cycle(users["county"], DEC))
    answer(users, cycle, failing={failed.household.head.name}, today=D(2026, 12, 10))
    return cycle, failed.household.head


def test_a_failed_line_is_reissued_once_to_the_fixed_account(users, failed_one):
    regular, person = failed_one
    fix_account(users["county"], person)
    correction = correction_open(actor=users["county"], source=regular)
    payroll_compute(actor=users["county"], cycle=correction, today=D(2026, 12, 11))
    [line] = PayrollLine.objects.filter(cycle=correction)
    source = PayrollLine.objects.get(cycle=regular, beneficiary=person)
    assert (line.reissue_of_id, line.total, line.account_number) == (
        source.pk,
        Decimal("700.00"),
        "6217001234567890",
    )
    approve_and_send(users, correction)
    assert PayrollLine.objects.get(pk=source.pk).status == "reissued"
    answer(users, correction)
    assert correction.status == "reconciled"
    rows = {(b.cycle_id, b.issued, b.answered) for b in balances()}
    assert rows == {
        (regular.pk, Decimal("1200.00"), Decimal("1200.00")),
        (correction.pk, Decimal("700.00"), Decimal("700.00")),
    }
    assert LedgerEntry.objects.filter(kind="reissued").count() == 1
    # A third payout finds nothing left to re-issue.
    again = correction_open(actor=users["county"], source=regular)
    payroll_compute(actor=users["county"], cycle=again, today=D(2026, 12, 11))
    assert not PayrollLine.objects.filter(cycle=again).exists()


def test_a_failed_line_whose_account_is_not_fixed_waits(users, failed_one):
    regular, person = failed_one
    fix_account(users["county"], person, holder="李某")  # still another's card
    correction = correction_open(actor=users["county"], source=regular)
    payroll_compute(actor=users["county"], cycle=correction)
    assert not PayrollLine.objects.filter(cycle=correction).exists()


def test_nothing_is_reissued_while_the_line_is_in_flight(users, pay_settings):
    e = enrol(users["county"], "dibao", "500.00", D(2025, 1, 1))
    account_for(users["county"], e.household)
    sent = approve_and_send(users, computed_cycle(users["county"], DEC))
    correction = correction_open(actor=users["county"], source=sent)
    payroll_compute(actor=users["county"], cycle=correction)
    assert not PayrollLine.objects.filter(cycle=correction).exists()


SEP = D(2026, 9, 1)


@pytest.fixture
def failed_in_september(users, pay_settings):
    """September sent: 700.00 failed, answered by the bank on Wednesday 30 September;
    a 300.00 line held (the card in another's name), never sent."""
    failed = enrol(users["county"], "dibao", "700.00", D(2025, 1, 1))
    held = enrol(users["county"], "dibao", "300.00", D(2025, 1, 1))
    account_for(users["county"], failed.household)
    account_for(users["county"], held.household, holder="王某某")
    cycle = approve_and_send(users, computed_cycle(users["county"], SEP), today=D(2026, 9, 28))
    answer(users, cycle, failing={failed.household.head.name}, today=D(2026, 9, 30))
    for e in (failed, held):  # both accounts now in order
        payee_account_save(
            actor=users["county"],
            person=e.household.head,
            bank="中国建设银行",
            account_number=f"62170012{e.household.head.pk:08d}",
            holder_name=e.household.head.name,
        )
    return cycle, failed.household.head, held.household.head


# Three working days after Wednesday 30 September 2026 (D11.2: 1–7 October off, Saturday
# 10 October a make-up working day): Thursday 8, Friday 9, Saturday 10 October.
def test_a_failed_line_is_reissued_on_the_last_day_of_the_window_across_the_holiday(
    users, failed_in_september
):
    regular, failed, held = failed_in_september
    correction = correction_open(actor=users["county"], source=regular)
    payroll_compute(actor=users["county"], cycle=correction, today=D(2026, 10, 10))
    payees = set(PayrollLine.objects.filter(cycle=correction).values_list("payee_name", flat=True))
    assert payees == {failed.name, held.name}
    assert PayrollCycle.objects.get(pk=correction.pk).not_reissued == []


def test_past_the_window_a_failed_line_is_not_reissued_and_the_refusal_names_the_rule(
    users, failed_in_september
):
    regular, failed, held = failed_in_september
    correction = correction_open(actor=users["county"], source=regular)
    # Sunday 11 October: one day past Saturday 10 October. The held line (never sent,
    # no bank answer) is re-issued; the failed one is not, and the batch says why.
    payroll_compute(actor=users["county"], cycle=correction, today=D(2026, 10, 11))
    [line] = PayrollLine.objects.filter(cycle=correction)
    assert line.payee_name == held.name
    source = PayrollLine.objects.get(cycle=regular, beneficiary=failed)
    [refused] = PayrollCycle.objects.get(pk=correction.pk).not_reissued
    assert refused == {
        "reference": source.reference,
        "reason": "已超过失败发放补发时限：银行2026年09月30日回盘，应在3个工作日内"
        "（最迟2026年10月10日）补发",
        "rule": "D13.3",
    }
    client = Client()
    client.force_login(users["county"])
    page = client.get(f"/payments/cycles/{correction.pk}/").content.decode()
    assert f"流水号{source.reference}：已超过失败发放补发时限" in page


def test_a_correction_batch_with_only_expired_lines_is_refused_with_the_rule(
    users, failed_in_september
):
    regular = failed_in_september[0]
    first = correction_open(actor=users["county"], source=regular)
    payroll_compute(actor=users["county"], cycle=first, today=D(2026, 10, 11))
    approve_and_send(users, first)  # the held line re-issued; the failed one left
    again = correction_open(actor=users["county"], source=regular)
    with pytest.raises(NothingReissued, match=r"已超过失败发放补发时限.*最迟2026年10月10日") as e:
        payroll_compute(actor=users["county"], cycle=again, today=D(2026, 10, 12))
    assert [r.rule for r in e.value.refused] == ["D13.3"]
    assert not PayrollLine.objects.filter(cycle=again).exists()


def test_a_failed_line_of_a_payee_who_has_since_died_is_not_reissued(users, failed_one):
    regular, person = failed_one
    fix_account(users["county"], person)
    # Died 20 November: stopped from December (November + 1), the month of the line.
    Person.objects.filter(pk=person.pk).update(life_status="deceased", death_date=D(2026, 11, 20))
    correction = correction_open(actor=users["county"], source=regular)
    with pytest.raises(NothingReissued, match="已停发（死亡，2026年12月起），不再补发") as e:
        payroll_compute(actor=users["county"], cycle=correction, today=D(2026, 12, 11))
    assert [r.rule for r in e.value.refused] == ["D13.5"]
