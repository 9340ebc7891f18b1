"""The error workbook: the uploaded rows as they were, each bad row highlighted and
followed by 错误字段 / 错误说明 (one line per problem), plus a sheet listing every
problem. The user corrects the rows in place and uploads the same file again: the
reader ignores the two added columns.
"""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from minzheng.core.spreadsheets.columns import (
    COLUMNS,
    DATA_SHEET,
    ERROR_FIELD_HEADER,
    ERROR_MESSAGE_HEADER,
)
from minzheng.core.spreadsheets.reader import RowError, SheetRows
from minzheng.core.spreadsheets.writer import excel_safe

ROW_FILL = PatternFill("solid", fgColor="FDE7E9")
CELL_FILL = PatternFill("solid", fgColor="F4A6AE")
HEADER_FILL = PatternFill("solid", fgColor="EEF1F4")
WRAP = Alignment(wrap_text=True, vertical="top")


def _by_row(errors: list[RowError]) -> dict[int, list[RowError]]:
    grouped: dict[int, list[RowError]] = defaultdict(list)
    for e in errors:
        grouped[e.row].append(e)
    return grouped


def _data_sheet(workbook: Workbook, sheet: SheetRows, errors: list[RowError]) -> None:
    ws = workbook.active
    ws.title = DATA_SHEET
    headers = [h for h in sheet.headers if h not in {ERROR_FIELD_HEADER, ERROR_MESSAGE_HEADER}]
    width = len(headers)
    for col, text in enumerate([*headers, ERROR_FIELD_HEADER, ERROR_MESSAGE_HEADER], 1):
        cell = ws.cell(row=1, column=col, value=text)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    column_of = {h: i + 1 for i, h in enumerate(headers)}
    problems = _by_row(errors)
    for source in sheet.rows:
        for col, value in enumerate(source.cells[:width], 1):
            cell = ws.cell(row=source.number, column=col, value=excel_safe(value))
            cell.number_format = "@"
            if cell.data_type == "f":  # text such as "=1+1" stays text, never a formula
                cell.data_type = "s"
        mine = problems.get(source.number)
        if mine:
            _mark(ws, source.number, width, mine, column_of)
    widths = {c.header: c.width for c in COLUMNS}
    for col, text in enumerate(headers, 1):
        ws.column_dimensions[get_column_letter(col)].width = widths.get(text, 12)
    ws.column_dimensions[get_column_letter(width + 1)].width = 16
    ws.column_dimensions[get_column_letter(width + 2)].width = 60
    ws.freeze_panes = "A2"


def _mark(ws: Any, row: int, width: int, mine: list[RowError], column_of: dict) -> None:
    for col in range(1, width + 3):
        ws.cell(row=row, column=col).fill = ROW_FILL
    for e in mine:
        if e.field in column_of:
            ws.cell(row=row, column=column_of[e.field]).fill = CELL_FILL
    fields = ws.cell(row=row, column=width + 1, value="\n".join(e.field or "—" for e in mine))
    notes = ws.cell(row=row, column=width + 2, value="\n".join(e.message for e in mine))
    fields.alignment = notes.alignment = WRAP


def _list_sheet(workbook: Workbook, errors: list[RowError]) -> None:
    ws = workbook.create_sheet("错误清单")
    ws.append(["行号", "字段", "错误说明"])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for e in errors:
        ws.append([e.row or "文件", e.field or "—", e.message])
    ws.column_dimensions["C"].width = 80


def error_workbook(sheet: SheetRows, errors: list[RowError]) -> bytes:
    workbook = Workbook()
    _data_sheet(workbook, sheet, errors)
    _list_sheet(workbook, errors)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
