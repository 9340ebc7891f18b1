"""A canteen's daily meal file (Excel): one line per meal served with the diner's ID
number, name, meal time and price. Every line is read and checked first; a line that
cannot be read stops the whole file with a row report in Chinese (nothing recorded)."""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import load_workbook

from minzheng.core import idnumber
from minzheng.core.spreadsheets.reader import UNREADABLE, RowError
from minzheng.core.text import text_problem
from minzheng.elderly.models import Meal
from minzheng.elderly.services.meals import Claim

COLUMNS = (
    ("id_number", "身份证号码"),
    ("name", "姓名"),
    ("meal", "餐次"),
    ("price", "餐费（元）"),
)
MAX_ROWS = 3000
MAX_PRICE = Decimal("1000")


def meal_of(value: Any) -> str | None:
    text = str(value or "").strip()
    labels = {str(label): code for code, label in Meal.choices}
    return text if text in Meal.values else labels.get(text)


def price_of(value: Any) -> Decimal | None:
    try:
        price = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not price.is_finite() or price < 0 or price > MAX_PRICE or -price.as_tuple().exponent > 2:  # type: ignore[operator]
        return None
    return price.quantize(Decimal("0.01"))


def _claim(number: int, raw: dict[str, Any], errors: list[RowError]) -> Claim | None:
    head = dict(COLUMNS)
    before = len(errors)
    try:
        facts = idnumber.parse(str(raw.get("id_number") or ""))
    except idnumber.InvalidIdNumber as exc:
        errors.append(RowError(number, head["id_number"], str(exc)))
        facts = None
    name = str(raw.get("name") or "").strip()
    if problem := text_problem(name, max_length=50):
        errors.append(RowError(number, head["name"], f"姓名{problem}"))
    meal = meal_of(raw.get("meal"))
    if meal is None:
        errors.append(RowError(number, head["meal"], "餐次应为早餐、午餐或晚餐"))
    price = price_of(raw.get("price"))
    if price is None:
        errors.append(RowError(number, head["price"], "餐费应为0至1000元的金额，最多两位小数"))
    if len(errors) > before or facts is None or meal is None or price is None:
        return None
    return Claim(facts.number, name, meal, price)


def read_meal_file(content: bytes) -> tuple[list[Claim], list[RowError]]:
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception:  # any unreadable upload is the same answer to the user
        return [], [RowError(0, "", UNREADABLE)]
    lines = sheet.iter_rows(values_only=True)
    headers = [str(h or "").strip() for h in next(lines, ())]
    where = {key: headers.index(h) for key, h in COLUMNS if h in headers}
    missing = [h for key, h in COLUMNS if key not in where and key != "name"]
    if missing:
        return [], [RowError(1, h, f"缺少“{h}”列") for h in missing]
    claims: list[Claim] = []
    errors: list[RowError] = []
    for number, cells in enumerate(lines, start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        if number > MAX_ROWS + 1:
            return [], [RowError(0, "", f"一次最多导入{MAX_ROWS}行")]
        raw = {k: cells[i] if i < len(cells) else None for k, i in where.items()}
        claim = _claim(number, raw, errors)
        if claim is not None:
            claims.append(claim)
    if not claims and not errors:
        errors.append(RowError(0, "", "文件中没有数据行"))
    return (claims, []) if not errors else ([], errors)
