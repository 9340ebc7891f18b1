"""Fixed-width bank files (D13.4, layout `fixed_batch`): widths in bytes of the file's
encoding — a Chinese character is two bytes in GBK, three in UTF-8 — amounts and counts
right-aligned with leading zeros, text left-aligned with spaces. Each expected line
below is typed out field by field with its width; the return file is cut by bytes, and
a line of the wrong length refuses the whole file."""

from __future__ import annotations

import pytest

from minzheng.payments.bankfiles import _layout, bank_file
from minzheng.payments.errors import PaymentError
from minzheng.payments.models import LedgerEntry, PayrollLine
from minzheng.payments.returns import ReturnFileRefused, return_file_apply
from tests.payments.conftest import D, sent_lines

pytestmark = pytest.mark.django_db


def _text(value: str, width: int, encoding: str = "gbk") -> str:
    return value + " " * (width - len(value.encode(encoding)))


def _detail(line, amount: str) -> str:
    return (
        _text(line.reference, 24)
        + _text(line.payee_name, 40)
        + amount
        + _text(line.account_number, 32)
        + "01"
        + _text(line.payee_id_number, 18)
    )


def test_the_fixed_batch_file_pads_each_field_to_its_bytes(sent):
    a, b = sent_lines(sent)
    data = bank_file(sent, layout_code="fixed_batch", encoding="GBK", on=D(2026, 12, 5))
    # 鼓楼区民政局: 6 characters, 12 bytes in GBK, then 48 spaces to 60.
    head = "20261205" + "鼓楼区民政局" + " " * 48 + "00000002" + "0000000001200.00"
    expected = "\r\n".join([head, _detail(a, "00000000500.00"), _detail(b, "00000000700.00"), ""])
    assert data.decode("gbk") == expected
    lengths = [len(line) for line in data.split(b"\r\n") if line]
    assert lengths == [8 + 60 + 8 + 16, 24 + 40 + 14 + 32 + 2 + 18, 130]


def test_in_utf8_a_chinese_character_takes_three_bytes(sent):
    data = bank_file(sent, layout_code="fixed_batch", encoding="UTF-8", on=D(2026, 12, 5))
    head = data.split(b"\r\n")[0].decode("utf-8")
    assert head[8:32] == "鼓楼区民政局" + " " * 18  # 18 bytes of characters + 42 spaces = 60
    assert len(data.split(b"\r\n")[0]) == 92


def test_a_value_longer_than_its_width_refuses_the_file(sent):
    a, _ = sent_lines(sent)
    PayrollLine.objects.filter(pk=a.pk).update(payee_name="很" * 21)  # 42 bytes in GBK
    with pytest.raises(PaymentError, match="name长42字节，超过格式规定的40字节"):
        bank_file(sent, layout_code="fixed_batch", encoding="GBK", on=D(2026, 12, 5))


def _answer(line, result: str, reason: str) -> bytes:
    text = (
        _text(line.reference, 24)
        + _text(line.payee_name, 40)
        + f"{line.total:.2f}".rjust(14, "0")
        + _text(line.account_number, 32)
        + result
        + _text(reason, 60)
    )
    return text.encode("gbk")


def _return(lines: list[bytes], count: str, total: str) -> bytes:
    head = ("20261210" + _text("鼓楼区民政局", 60) + count + total).encode("gbk")
    return b"\r\n".join([head, *lines]) + b"\r\n"


def test_a_fixed_width_return_file_is_cut_by_bytes_and_applied(users, sent):
    a, b = sent_lines(sent)
    data = _return(
        [_answer(a, "0", ""), _answer(b, "1", "账户已销户")], "00000002", "0000000001200.00"
    )
    outcome = return_file_apply(
        actor=users["county"], cycle=sent, data=data, layout_code="fixed_batch", encoding="GBK"
    )
    assert outcome.counts == {"paid": 1, "failed": 1} and outcome.reconciled
    assert PayrollLine.objects.get(pk=b.pk).bank_reason == "账户已销户"
    assert PayrollLine.objects.get(pk=a.pk).status == "paid"


def test_a_line_of_the_wrong_length_refuses_the_whole_file(users, sent):
    a, b = sent_lines(sent)
    short = _answer(b, "0", "")[:-1]  # 24 + 40 + 14 + 32 + 1 + 60 = 171, one byte short
    data = _return([_answer(a, "0", ""), short], "00000002", "0000000001200.00")
    with pytest.raises(ReturnFileRefused) as refused:
        return_file_apply(
            actor=users["county"], cycle=sent, data=data, layout_code="fixed_batch", encoding="GBK"
        )
    assert [str(p) for p in refused.value.problems] == ["第3行：长度应为171字节，实有170字节"]
    assert not PayrollLine.objects.filter(cycle=sent).exclude(status="sent").exists()
    assert not LedgerEntry.objects.exclude(kind="issued").exists()


def test_a_fixed_layout_needs_a_width_for_every_field():
    with pytest.raises(ValueError, match=r"no width for \['id_type'\]"):
        _layout(
            {
                "code": "x",
                "name": "x",
                "format": "fixed",
                "header": ["date"],
                "detail": ["reference", "id_type"],
                "widths": {"date": 8, "reference": 24},
            },
            "x.yaml",
        )
