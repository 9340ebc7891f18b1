"""Re-issue in a correction batch (D13.3): a failed line is paid again once its account
is fixed, at most once, never while it is still in flight; the ledger balances per
batch: issued 1200.00 = paid 500.00 + failed 700.00, then re-issued 700.00 = paid 700.00."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minzheng.core.workflow.engine import transition
from minzheng.payments.ledger import balances
from minzheng.payments.models import LedgerEntry, PayrollLine
from minzheng.payments.returns import return_file_apply
from minzheng.payments.services.accounts import payee_account_save
from minzheng.payments.services.payroll import correction_open, payroll_compute, payroll_send
from tests.payments.conftest import DEC, D, account_for, computed_cycle, enrol

pytestmark = pytest.mark.django_db


def _approve_and_send(users, cycle):
    transition(cycle, "submit", users["county"])
    transition(cycle, "approve", users["county_2"])
    return payroll_send(actor=users["county"], cycle=cycle)


def _answer(users, cycle, results: dict[str, str]):
    lines = list(PayrollLine.objects.filter(cycle=cycle).order_by("id"))
    total = sum((ln.total for ln in lines), Decimal("0.00"))
    rows = [f"20261210|鼓楼区民政局|{len(lines)}|{total:.2f}"] + [
        f"{ln.reference}|{ln.payee_name}|{ln.total:.2f}|{ln.account_number}|"
        f"{results[ln.payee_name]}|{'账户已销户' if results[ln.payee_name] == '1' else ''}"
        for ln in lines
    ]
    return return_file_apply(
        actor=users["county"],
        cycle=cycle,
        data="\r\n".join(rows).encode("utf-8"),
        layout_code="pipe_batch",
        encoding="UTF-8",
    )


@pytest.fixture
def failed_one(users, pay_settings):
    """December sent: 500.00 paid, 700.00 failed (account closed)."""
    paid = enrol(users["county"], "dibao", "500.00", D(2025, 1, 1))
    failed = enrol(users["county"], "dibao", "700.00", D(2025, 1, 1))
    for e in (paid, failed):
        account_for(users["county"], e.household)
    cycle = _approve_and_send(users, computed_cycle(users["county"], DEC))
    _answer(users, cycle, {paid.household.head.name: "0", failed.household.head.name: "1"})
    return cycle, failed.household.head


def test_a_failed_line_is_reissued_once_to_the_fixed_account(users, failed_one):
    regular, person = failed_one
    payee_account_save(
        actor=users["county"],
        person=person,
        bank="中国建设银行",
        account_number="6217001234567890",
        holder_name=person.name,
    )
    correction = correction_open(actor=users["county"], source=regular)
    payroll_compute(actor=users["county"], cycle=correction)
    [line] = PayrollLine.objects.filter(cycle=correction)
    source = PayrollLine.objects.get(cycle=regular, beneficiary=person)
    assert (line.reissue_of_id, line.total, line.account_number) == (
        source.pk,
        Decimal("700.00"),
        "6217001234567890",
    )
    _approve_and_send(users, correction)
    assert PayrollLine.objects.get(pk=source.pk).status == "reissued"
    _answer(users, correction, {person.name: "0"})
    assert correction.status == "reconciled"
    rows = {(b.cycle_id, b.issued, b.answered) for b in balances()}
    assert rows == {
        (regular.pk, Decimal("1200.00"), Decimal("1200.00")),
        (correction.pk, Decimal("700.00"), Decimal("700.00")),
    }
    assert LedgerEntry.objects.filter(kind="reissued").count() == 1
    # A third payout finds nothing left to re-issue.
    again = correction_open(actor=users["county"], source=regular)
    payroll_compute(actor=users["county"], cycle=again)
    assert not PayrollLine.objects.filter(cycle=again).exists()


def test_a_failed_line_whose_account_is_not_fixed_waits(users, failed_one):
    regular, person = failed_one
    payee_account_save(
        actor=users["county"],
        person=person,
        bank="中国建设银行",
        account_number="6217001234567890",
        holder_name="李某",  # still another's card
    )
    correction = correction_open(actor=users["county"], source=regular)
    payroll_compute(actor=users["county"], cycle=correction)
    assert not PayrollLine.objects.filter(cycle=correction).exists()


def test_nothing_is_reissued_while_the_line_is_in_flight(users, pay_settings):
    e = enrol(users["county"], "dibao", "500.00", D(2025, 1, 1))
    account_for(users["county"], e.household)
    sent = _approve_and_send(users, computed_cycle(users["county"], DEC))
    correction = correction_open(actor=users["county"], source=sent)
    payroll_compute(actor=users["county"], cycle=correction)
    assert not PayrollLine.objects.filter(cycle=correction).exists()
