"""A canteen's daily file: a line that cannot be read stops the whole file, with every
problem by row and column in Chinese; a readable file gives one claim a line."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook

from minzheng.elderly.mealfile import read_meal_file

GOOD = "11010519491231002X"  # D0.1's valid example
BAD = "110105194912310021"  # D0.1's example with a wrong check character


def _book(rows, header=("身份证号码", "姓名", "餐次", "餐费（元）")) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_unreadable_lines_stop_the_file_with_a_row_report():
    claims, errors = read_meal_file(
        _book([(GOOD, "甲", "午餐", "12"), (BAD, "乙", "午餐", "12"), (GOOD, "甲", "夜宵", "-1")])
    )
    assert claims == []
    assert [(e.row, e.field, e.message) for e in errors] == [
        (3, "身份证号码", "身份证号码校验码错误：第18位应为X，实际为1"),
        (4, "餐次", "餐次应为早餐、午餐或晚餐"),
        (4, "餐费（元）", "餐费应为0至1000元的金额，最多两位小数"),
    ]


def test_a_readable_file_gives_one_claim_a_line_and_a_missing_column_is_named():
    claims, errors = read_meal_file(_book([(GOOD.lower(), "甲", "lunch", "12.5")]))
    assert errors == [] and [(c.id_number, c.meal, c.price) for c in claims] == [
        (GOOD, "lunch", Decimal("12.50"))
    ]
    _, missing = read_meal_file(_book([], header=("身份证号码", "姓名", "餐次")))
    assert [(e.row, e.field, e.message) for e in missing] == [
        (1, "餐费（元）", "缺少“餐费（元）”列")
    ]
