"""Reading a roll file (Excel or CSV) into numbered rows keyed by column, without judging
the values yet. Headers are the Chinese titles or the code names, in any order; extra
columns are ignored. Row numbers are the ones the sender sees: the header is row 1."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook

from minzheng.core.spreadsheets.parsing import text_of
from minzheng.core.spreadsheets.reader import RowError

# key -> header. Every column is required.
COLUMNS = {
    "id_number": "公民身份号码",
    "name": "姓名",
    "programme": "救助项目",
    "amount": "月发放金额（元）",
    "start_month": "起始月份",
    "bank": "开户银行",
    "account_number": "账号",
    "holder_name": "户名",
}
# A bound on what one upload may hold, not a policy: a city's roll fits many times.
MAX_ROWS = 200_000
UNREADABLE = "无法读取文件，请上传Excel表格（.xlsx）或逗号分隔的文本文件（.csv）"


@dataclass(frozen=True)
class RollRow:
    number: int  # the row number the sender sees
    values: dict[str, str]  # by column key, as text
    numeric: frozenset[str] = frozenset()  # keys typed as Excel numbers (digits may be lost)


@dataclass
class RollFile:
    rows: list[RollRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _header(value: Any) -> str:
    text = str(value or "").strip().replace("*", "").replace(" ", "").lstrip("\ufeff")
    return text.replace("(", "（").replace(")", "）")


def _positions(headers: list[str], result: RollFile) -> dict[str, int]:
    keys = {**{h: k for k, h in COLUMNS.items()}, **{k: k for k in COLUMNS}}
    found = {keys[h]: i for i, h in enumerate(headers) if h in keys}
    for key, title in COLUMNS.items():
        if key not in found:
            result.errors.append(RowError(1, title, f"缺少“{title}”列"))
    return found


def _rows(lines: Any, result: RollFile) -> None:
    positions = _positions([_header(v) for v in next(lines, ())], result)
    if result.errors:
        return
    for number, cells in enumerate(lines, start=2):
        values = {k: text_of(cells[i]) if i < len(cells) else "" for k, i in positions.items()}
        if not any(values.values()):
            continue  # a blank row keeps its number but is no row of the roll
        if len(result.rows) >= MAX_ROWS:
            result.errors.append(RowError(0, "", f"数据超过{MAX_ROWS}行，请分批导入"))
            return
        numeric = frozenset(
            k for k, i in positions.items() if i < len(cells) and isinstance(cells[i], float)
        )
        result.rows.append(RollRow(number, values, numeric))


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("gb18030")  # what Excel in China saves as "CSV"


def read_roll(content: bytes, filename: str) -> RollFile:
    result = RollFile()
    try:
        if filename.lower().endswith((".csv", ".txt")):
            _rows(iter(csv.reader(io.StringIO(_decode(content)))), result)
        else:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                _rows(book.worksheets[0].iter_rows(values_only=True), result)
            finally:
                book.close()
    except Exception:  # a damaged or foreign file fails in csv, openpyxl or XML many ways
        return RollFile(errors=[RowError(0, "", UNREADABLE)])
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, "", "文件中没有数据行"))
    return result
