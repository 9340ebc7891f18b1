"""Reading an uploaded workbook into rows keyed by column, without judging them yet.

Problems that make the whole file unreadable (not an .xlsx, a required column
missing, too many rows) are returned as errors on row 1 or 0, so that the caller
reports them the same way as problems in a row.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook

from minzheng.core.spreadsheets.columns import COLUMNS, DATA_SHEET, Need

MAX_ROWS = 20_000
UNREADABLE = "无法读取文件，请上传Excel（.xlsx）格式的导入模板"


@dataclass(frozen=True)
class RowError:
    """One problem: the Excel row number (0 = the file itself), the column header, why."""

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "文件"
        return (
            f"{where} {self.field}：{self.message}" if self.field else f"{where}：{self.message}"
        )


@dataclass(frozen=True)
class SourceRow:
    number: int  # the row number the user sees in Excel
    cells: tuple[Any, ...]  # every cell as read, for the error workbook
    values: dict[str, Any]  # by column key


@dataclass
class SheetRows:
    headers: list[str] = field(default_factory=list)
    rows: list[SourceRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _normalize_header(value: Any) -> str:
    text = str(value or "").strip().replace("*", "").replace(" ", "")
    return text.replace("(", "（").replace(")", "）")


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _column_positions(headers: list[str]) -> tuple[dict[str, int], list[RowError]]:
    wanted = {c.header: c.key for c in COLUMNS}
    positions = {wanted[h]: i for i, h in enumerate(headers) if h in wanted}
    errors = [
        RowError(1, c.header, f"缺少“{c.header}”列，请使用导入模板")
        for c in COLUMNS
        if c.need is not Need.OPTIONAL and c.key not in positions
    ]
    return positions, errors


def _read(content: bytes, result: SheetRows) -> None:
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        names = workbook.sheetnames
        sheet = workbook[DATA_SHEET] if DATA_SHEET in names else workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        result.headers = [_normalize_header(v) for v in next(lines, ())]
        positions, result.errors = _column_positions(result.headers)
        if result.errors:
            return
        for number, cells in enumerate(lines, start=2):
            if all(_is_blank(v) for v in cells):
                continue
            if len(result.rows) >= MAX_ROWS:
                result.errors.append(RowError(0, "", f"数据超过{MAX_ROWS}行，请分批导入"))
                return
            values = {k: (cells[i] if i < len(cells) else None) for k, i in positions.items()}
            result.rows.append(SourceRow(number, tuple(cells), values))
    finally:
        workbook.close()


def read_rows(content: bytes) -> SheetRows:
    """The data sheet (named 家庭成员, else the first), blank rows skipped."""
    result = SheetRows()
    try:
        _read(content, result)
    except Exception:  # a damaged or foreign file fails in openpyxl or XML in many ways
        return SheetRows(errors=[RowError(0, "", UNREADABLE)])
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, "", "文件中没有数据行"))
    return result
