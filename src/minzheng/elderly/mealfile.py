"""A canteen's daily meal file (Excel): one line per meal served with the diner's ID
number, name, meal time and price. Every line is read and checked first; a line that
cannot be read stops the whole file with a row report in Chinese (nothing recorded)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from minzheng.core import idnumber
from minzheng.core.spreadsheets.reader import RowError
from minzheng.core.text import text_problem
from minzheng.elderly.models import Meal
from minzheng.elderly.services.meals import Claim
from minzheng.elderly.sheets import read_table

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
    rows, errors = read_table(content, COLUMNS, {"name"}, MAX_ROWS, hint="")
    claims: list[Claim] = []
    for number, raw in rows:
        claim = _claim(number, raw, errors)
        if claim is not None:
            claims.append(claim)
    return (claims, []) if not errors else ([], errors)
