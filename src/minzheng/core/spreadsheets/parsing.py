"""Turning one row's cells into typed values, with a message in Chinese for each
cell that cannot be understood. Nothing here looks at other rows or the database.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from minzheng.core import idnumber
from minzheng.core.spreadsheets.columns import (
    COLUMNS,
    DISABILITY_WORDS,
    MAX_LENGTH,
    RELATION_WORDS,
    Need,
)
from minzheng.core.spreadsheets.reader import RowError, SourceRow
from minzheng.core.text import normalize, text_problem

_GRADES = {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


class CellProblem(ValueError):
    """A cell that cannot be read; the message is shown to the user as is."""


@dataclass(frozen=True)
class MemberRow:
    """One row: a person and their place in a household.

    A cell that could not be read is left empty here (its error is reported
    separately), so that checks across rows still run on what could be read.
    """

    row: int
    since: dt.date
    household_number: str = ""
    area_code: str = ""
    address: str = ""
    name: str = ""
    id_number: str = ""
    birth_date: dt.date | None = None
    relation: str = ""
    phone: str = ""
    disability_type: str = ""
    disability_grade: int | None = None
    disability_certificate: str = ""
    hukou_address: str = ""


def text_of(value: Any) -> str:
    """A cell as text; whole numbers typed into a number cell lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _code_text(value: Any) -> str:
    """Codes typed with a Chinese input method come as full-width ０-９ and Ｘ: made ASCII."""
    return unicodedata.normalize("NFKC", text_of(value))


def _id_number(value: Any) -> str:
    if isinstance(value, float):
        raise CellProblem(
            "身份证号码须以文本格式填写（数字格式会丢失末位），请将该列设为文本后重新输入"
        )
    try:
        return idnumber.parse(_code_text(value)).number
    except idnumber.InvalidIdNumber as exc:
        raise CellProblem(str(exc)) from exc


def _area_code(value: Any) -> str:
    code = _code_text(value)
    if not (code.isdigit() and len(code) == 12):
        raise CellProblem(f"村（社区）代码应为12位数字，实际为“{code}”")
    return code


def _relation(value: Any) -> str:
    word = text_of(value)
    if word not in RELATION_WORDS:
        raise CellProblem(f"“{word}”不是可选的关系，请从下拉列表中选择")
    return RELATION_WORDS[word]


def _phone(value: Any) -> str:
    phone = _code_text(value).replace("-", "").replace(" ", "")
    if phone and not re.fullmatch(r"\d{7,12}", phone):
        raise CellProblem("电话号码应为7至12位数字")
    return phone


def _disability_type(value: Any) -> str:
    word = text_of(value)
    if word in {"", "无"}:
        return ""
    if word not in DISABILITY_WORDS:
        raise CellProblem(f"“{word}”不是可选的残疾类别，请从下拉列表中选择")
    return DISABILITY_WORDS[word]


def _disability_grade(value: Any) -> int | None:
    word = text_of(value).removesuffix("级")
    if not word:
        return None
    if word not in _GRADES:
        raise CellProblem("残疾等级应为1级至4级")
    return _GRADES[word]


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = text_of(value)
    for pattern in _DATE_PATTERNS:
        if match := pattern.match(text):
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                raise CellProblem(f"日期“{text}”不存在") from None
    raise CellProblem(f"日期“{text}”格式不正确，应如2024-03-01")


def _plain(key: str) -> Callable[[Any], str]:
    """A text cell under the one rule of core/text.py (single line, no control
    characters, the model's length limit)."""

    def parse(value: Any) -> str:
        text = normalize(text_of(value))
        problem = text_problem(text, max_length=MAX_LENGTH.get(key))
        if problem:
            raise CellProblem(problem)
        return text

    return parse


PARSERS: dict[str, Callable[[Any], Any]] = {
    "household_number": _plain("household_number"),
    "area_code": _area_code,
    "address": _plain("address"),
    "name": _plain("name"),
    "id_number": _id_number,
    "relation": _relation,
    "phone": _phone,
    "disability_type": _disability_type,
    "disability_grade": _disability_grade,
    "disability_certificate": _plain("disability_certificate"),
    "hukou_address": _plain("hukou_address"),
    "since": parse_date,
}
EMPTY: dict[str, Any] = {"disability_grade": None, "since": None}


def _cells(source: SourceRow) -> tuple[dict[str, Any], list[RowError]]:
    parsed: dict[str, Any] = {}
    errors: list[RowError] = []
    for column in COLUMNS:
        raw = source.values.get(column.key)
        if text_of(raw) == "":
            if column.need is Need.ALWAYS:
                errors.append(RowError(source.number, column.header, "必须填写"))
            parsed[column.key] = EMPTY.get(column.key, "")
            continue
        try:
            parsed[column.key] = PARSERS[column.key](raw)
        except CellProblem as exc:
            errors.append(RowError(source.number, column.header, str(exc)))
    return parsed, errors


def _consistency(number: int, values: dict[str, Any], today: dt.date) -> list[RowError]:
    """Rules between cells of the same row (the model's constraints, said in advance)."""
    errors = []
    both_read = "disability_type" in values and "disability_grade" in values
    if both_read and bool(values["disability_type"]) != (values["disability_grade"] is not None):
        field = "残疾等级" if values.get("disability_type") else "残疾类别"
        errors.append(RowError(number, field, "残疾类别与残疾等级须同时填写"))
    if values.get("disability_certificate") and values.get("disability_type") == "":
        errors.append(RowError(number, "残疾人证号", "填写了残疾人证号，但未填写残疾类别"))
    since, birth = values.get("since"), values.get("birth_date")
    if since and since > today:
        errors.append(RowError(number, "加入日期", "加入日期不能晚于今天"))
    if since and birth and since < birth:
        errors.append(RowError(number, "加入日期", f"加入日期早于出生日期{birth:%Y-%m-%d}"))
    return errors


def parse_row(source: SourceRow, today: dt.date) -> tuple[MemberRow, list[RowError]]:
    """The row as far as it can be read, and every problem in it (all cells are checked)."""
    values, errors = _cells(source)
    if values.get("id_number"):
        values["birth_date"] = idnumber.parse(values["id_number"]).birth_date
    errors += _consistency(source.number, values, today)
    values["since"] = values.get("since") or today
    return MemberRow(row=source.number, **values), errors
