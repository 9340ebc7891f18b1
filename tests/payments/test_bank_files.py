"""Bank files and return files (D13.4). The expected file text is typed out by hand;
every refusal reason of a return file has its own test, and a refused file changes
nothing (all or nothing)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction
from django.test import Client
from openpyxl import load_workbook

from minzheng.core.models import AuditEntry
from minzheng.core.spreadsheets.writer import XLSX_CONTENT_TYPE
from minzheng.core.workflow.engine import transition
from minzheng.payments import returns
from minzheng.payments.bankfiles import bank_file
from minzheng.payments.errors import PaymentError
from minzheng.payments.ledger import balances, imbalances
from minzheng.payments.models import CoveredMonth, LedgerEntry, PayrollLine, RecoveryOrder
from minzheng.payments.recoveries import recovery_open, recovery_write_off
from minzheng.payments.returns import ReturnFileRefused, return_file_apply
from minzheng.payments.services.payroll import payroll_compute, payroll_send
from tests.factories import AREAS
from tests.payments.conftest import DEC, D, account_for, computed_cycle, enrol, sent_lines

pytestmark = pytest.mark.django_db


def _file(cycle, rows, count=None, total=None, encoding="utf-8") -> bytes:
    head = f"20261210|鼓楼区民政局|{count if count is not None else len(rows)}|{total}"
    return ("\r\n".join([head, *rows]) + "\r\n").encode(encoding)


def _row(line, result="0", reason="", amount=None, name=None, ref=None) -> str:
    return "|".join(
        [
            ref or line.reference,
            name or line.payee_name,
            amount or f"{line.total:.2f}",
            line.account_number,
            result,
            reason,
        ]
    )


def test_the_pipe_batch_file_is_header_then_one_line_per_payment(sent):
    a, b = sent_lines(sent)
    text = bank_file(sent, layout_code="pipe_batch", encoding="UTF-8", on=D(2026, 12, 5))
    assert text.decode("utf-8") == (
        "20261205|鼓楼区民政局|2|1200.00\r\n"
        f"{a.reference}|{a.payee_name}|500.00|{a.account_number}|01|{a.payee_id_number}\r\n"
        f"{b.reference}|{b.payee_name}|700.00|{b.account_number}|01|{b.payee_id_number}\r\n"
    )
    gbk = bank_file(sent, layout_code="pipe_batch", encoding="GBK", on=D(2026, 12, 5))
    assert gbk.decode("gbk") == text.decode("utf-8")
    assert gbk != text  # the Chinese unit name differs byte for byte


def test_lines_and_the_bank_file_follow_the_enrolment_order_also_when_recomputed(
    users, pay_settings
):
    """The order is the order of enrolment, whatever plan the database chose for the
    lines' INSERT (hash joins, `payroll_sql.NO_NESTED_LOOPS`): accounts opened in the
    reverse order, amounts out of order."""
    enrolled = [enrol(users["county"], "dibao", a, D(2025, 1, 1)) for a in AMOUNTS]
    for e in reversed(enrolled):
        account_for(users["county"], e.household)
    cycle = computed_cycle(users["county"], DEC)
    for _ in range(2):  # computed, then recomputed
        assert [str(ln.base) for ln in sent_lines(cycle)] == AMOUNTS
        assert [ln.enrolment_id for ln in sent_lines(cycle)] == [e.pk for e in enrolled]
        assert CoveredMonth.objects.filter(line__cycle=cycle).count() == 5
        payroll_compute(actor=users["county"], cycle=cycle)
    transition(cycle, "submit", users["county"])
    transition(cycle, "approve", users["county_2"])
    payroll_send(actor=users["county"], cycle=cycle)
    text = bank_file(cycle, layout_code="pipe_batch", encoding="UTF-8", on=D(2026, 12, 10))
    assert [r.split("|")[2] for r in text.decode().splitlines()[1:]] == AMOUNTS


AMOUNTS = ["530.00", "510.00", "540.00", "520.00", "550.00"]


def test_the_excel_layout_is_one_row_of_titles_then_name_card_amount_remark(users, sent):
    a, b = sent_lines(sent)
    data = bank_file(sent, layout_code="xlsx_card", encoding="UTF-8", on=D(2026, 12, 5))
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["姓名", "卡号", "金额", "备注"],
        [a.payee_name, a.account_number, "500.00", "2026年12月最低生活保障"],
        [b.payee_name, b.account_number, "700.00", "2026年12月最低生活保障"],
    ]
    client = Client()
    client.force_login(users["county"])
    response = client.get(
        f"/payments/cycles/{sent.pk}/bank-file/", {"layout": "xlsx_card", "encoding": "UTF-8"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].endswith(f'-{sent.pk}.xlsx"')
    assert response.content[:2] == b"PK"  # a zip: the workbook itself


def test_a_return_file_in_the_excel_layout_is_refused_by_name(users, sent):
    with pytest.raises(PaymentError, match="没有回盘文件格式"):
        return_file_apply(
            actor=users["county"], cycle=sent, data=b"x", layout_code="xlsx_card", encoding="UTF-8"
        )
    assert not LedgerEntry.objects.exclude(kind="issued").exists()


def test_an_unknown_layout_or_encoding_is_refused_by_name(sent):
    with pytest.raises(PaymentError, match="没有“icbc_x”这种格式"):
        bank_file(sent, layout_code="icbc_x", encoding="UTF-8", on=D(2026, 12, 5))
    with pytest.raises(PaymentError, match="GBK 或 UTF-8"):
        bank_file(sent, layout_code="pipe_batch", encoding="latin-1", on=D(2026, 12, 5))


def _refused(users, cycle, data, reason_part: str, line_no: int) -> None:
    with pytest.raises(ReturnFileRefused) as refused:
        return_file_apply(
            actor=users["county"],
            cycle=cycle,
            data=data,
            layout_code="pipe_batch",
            encoding="UTF-8",
        )
    assert any(p.line_no == line_no and reason_part in p.reason for p in refused.value.problems)
    assert not PayrollLine.objects.filter(cycle=cycle).exclude(status="sent").exists()
    assert not LedgerEntry.objects.exclude(kind="issued").exists()


def test_return_unknown_reference_is_refused_whole(users, sent):
    a, b = sent_lines(sent)
    _refused(
        users,
        sent,
        _file(sent, [_row(a), _row(b, ref="9999999999999999")], total="1200.00"),
        "不属于本批次",
        3,
    )


def test_return_amount_mismatch_is_refused_whole(users, sent):
    a, b = sent_lines(sent)
    _refused(
        users,
        sent,
        _file(sent, [_row(a), _row(b, amount="70.00")], total="570.00"),
        "金额70.00与发放金额700.00不符",
        3,
    )


def test_return_name_mismatch_is_refused_whole(users, sent):
    a, b = sent_lines(sent)
    _refused(
        users,
        sent,
        _file(sent, [_row(a, name="张三"), _row(b)], total="1200.00"),
        "户名与发放名单不符",
        2,
    )


def test_return_duplicate_line_is_refused_whole(users, sent):
    a, b = sent_lines(sent)
    _refused(users, sent, _file(sent, [_row(a), _row(b), _row(a)], total="1700.00"), "重复出现", 4)


def test_return_totals_mismatch_is_refused_whole(users, sent):
    a, b = sent_lines(sent)
    _refused(users, sent, _file(sent, [_row(a), _row(b)], total="1300.00"), "与明细不符", 1)
    _refused(
        users, sent, _file(sent, [_row(a), _row(b)], count=3, total="1200.00"), "与明细不符", 1
    )


def test_a_line_already_answered_cannot_be_answered_again(users, sent):
    a, b = sent_lines(sent)
    return_file_apply(
        actor=users["county"],
        cycle=sent,
        data=_file(sent, [_row(a)], total="500.00"),
        layout_code="pipe_batch",
        encoding="UTF-8",
    )
    with pytest.raises(ReturnFileRefused, match=r"第2行：流水号.*已有回盘结果"):
        return_file_apply(
            actor=users["county"],
            cycle=sent,
            data=_file(sent, [_row(a), _row(b)], total="1200.00"),
            layout_code="pipe_batch",
            encoding="UTF-8",
        )
    assert PayrollLine.objects.get(pk=b.pk).status == "sent"


def test_one_paid_one_failed_reconciles_the_cycle_and_the_ledger_balances(users, sent):
    a, b = sent_lines(sent)
    data = _file(sent, [_row(a), _row(b, result="1", reason="户名与账号不符")], total="1200.00")
    outcome = return_file_apply(
        actor=users["county"], cycle=sent, data=data, layout_code="pipe_batch", encoding="UTF-8"
    )
    assert outcome.counts == {"paid": 1, "failed": 1} and outcome.reconciled
    assert sent.status == "reconciled"
    assert PayrollLine.objects.get(pk=b.pk).bank_reason == "户名与账号不符"
    # issued 500 + 700 = 1200.00 = paid 500.00 + failed 700.00
    [balance] = balances(AREAS["county_a"])
    assert (balance.issued, balance.answered) == (Decimal("1200.00"), Decimal("1200.00"))
    assert imbalances() == []
    call_command("payments_ledger_check")


def test_a_return_file_applied_in_pieces_gives_each_line_its_outcome_and_ledger_entry(
    users, pay_settings, monkeypatch
):
    """Set-based: the lines are written per outcome and reason, a few at a time (here
    one statement per line); each line gets its own outcome, reason, date and entry."""
    for amount in ("500.00", "700.00", "300.00", "800.00"):
        e = enrol(users["county"], "dibao", amount, D(2025, 1, 1))
        account_for(users["county"], e.household)
    cycle = computed_cycle(users["county"], DEC)
    transition(cycle, "submit", users["county"])
    transition(cycle, "approve", users["county_2"])
    payroll_send(actor=users["county"], cycle=cycle)
    monkeypatch.setattr(returns, "CHUNK", 1)
    a, b, c, d = sent_lines(cycle)
    rows = [
        _row(a),
        _row(b, "1", "账户已销户"),
        _row(c, "2", "户名不符"),
        _row(d, "1", "卡已冻结"),
    ]
    outcome = return_file_apply(
        actor=users["county"],
        cycle=cycle,
        data=_file(cycle, rows, total="2300.00"),
        layout_code="pipe_batch",
        encoding="UTF-8",
        today=D(2026, 12, 12),
    )
    assert outcome.counts == {"paid": 1, "failed": 2, "returned": 1} and outcome.reconciled
    assert [(ln.status, ln.bank_reason, ln.answered_on) for ln in sent_lines(cycle)] == [
        ("paid", "", D(2026, 12, 12)),
        ("failed", "账户已销户", D(2026, 12, 12)),
        ("returned", "户名不符", D(2026, 12, 12)),
        ("failed", "卡已冻结", D(2026, 12, 12)),
    ]
    answered = LedgerEntry.objects.exclude(kind="issued").order_by("line_id")
    assert [(x.kind, x.amount, x.line_id, x.note, x.cycle_id) for x in answered] == [
        ("paid", Decimal("500.00"), a.pk, "", cycle.pk),
        ("failed", Decimal("700.00"), b.pk, "账户已销户", cycle.pk),
        ("returned", Decimal("300.00"), c.pk, "户名不符", cycle.pk),
        ("failed", Decimal("800.00"), d.pk, "卡已冻结", cycle.pk),
    ]
    assert {x.area_id for x in answered} == {AREAS["county_a"]}
    [balance] = balances(AREAS["county_a"])
    assert (balance.issued, balance.answered) == (Decimal("2300.00"), Decimal("2300.00"))
    assert AuditEntry.objects.filter(
        action="import", object_id=str(cycle.pk), summary__contains="4笔"
    ).exists()


def test_the_ledger_check_fails_when_a_batch_does_not_balance(users, sent):
    a, b = sent_lines(sent)
    return_file_apply(
        actor=users["county"],
        cycle=sent,
        data=_file(sent, [_row(a), _row(b)], total="1200.00"),
        layout_code="pipe_batch",
        encoding="UTF-8",
    )
    LedgerEntry.objects.create(
        kind="paid",
        amount=Decimal("0.01"),
        programme="dibao",
        area_id=AREAS["county_a"],
        cycle=sent,
    )
    [bad] = imbalances()
    assert (bad.issued, bad.answered) == (Decimal("1200.00"), Decimal("1200.01"))
    with pytest.raises(CommandError, match="1个批次账不平"):
        call_command("payments_ledger_check")


def test_ledger_entries_can_be_neither_changed_nor_deleted(sent):
    entry = LedgerEntry.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    assert LedgerEntry.objects.get(pk=entry.pk).amount == Decimal("500.00")


def test_a_paid_deduction_is_recovered_and_only_the_county_approver_writes_off(
    users, pay_settings
):
    e = enrol(users["county"], "dibao", "400.00", D(2025, 1, 1))
    account_for(users["county"], e.household)
    order = recovery_open(
        actor=users["county"],
        beneficiary=e.household.head,
        programme="dibao",
        area=e.household.area.parent.parent,
        amount=Decimal("250.00"),
        months=[D(2026, 5, 1)],
        reason="死亡后多发（测试）",
        rule="D13.5",
        instalment=Decimal("200.00"),
    )
    cycle = computed_cycle(users["county"], DEC)
    transition(cycle, "submit", users["county"])
    transition(cycle, "approve", users["county_2"])
    payroll_send(actor=users["county"], cycle=cycle)
    [line] = sent_lines(cycle)
    # min(200.00, 250.00, 400.00 × 0.5 = 200.00) = 200.00; paid 400 − 200 = 200.00.
    assert (line.deductions, line.total) == (Decimal("200.00"), Decimal("200.00"))
    return_file_apply(
        actor=users["county"],
        cycle=cycle,
        data=_file(cycle, [_row(line)], total="200.00"),
        layout_code="pipe_batch",
        encoding="UTF-8",
    )
    order.refresh_from_db()
    assert (order.recovered, order.outstanding, order.status) == (
        Decimal("200.00"),
        Decimal("50.00"),
        "open",
    )
    [recovered] = LedgerEntry.objects.filter(kind="recovered")
    assert (recovered.amount, recovered.line_id, recovered.recovery_id) == (
        Decimal("200.00"),
        line.pk,
        order.pk,
    )
    assert AuditEntry.objects.filter(
        action="update", object_id=str(order.pk), summary="发放扣减追回200.00元"
    ).exists()
    with pytest.raises(PaymentError, match="只有县级审批人"):
        recovery_write_off(actor=users["township"], order=order, reason="无力偿还")
    with pytest.raises(PaymentError, match="核销理由"):
        recovery_write_off(actor=users["county"], order=order, reason=" ")
    recovery_write_off(actor=users["county"], order=order, reason="对象死亡，无遗产可追")
    assert RecoveryOrder.objects.get(pk=order.pk).status == "written_off"
