"""Reading a one-sheet Excel table by its header names (the facility register's import
and a canteen's daily meal file). The same reader lives in organisations/spreadsheet.py;
it could move to core.spreadsheets as the one table reader."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import load_workbook

from minzheng.core.spreadsheets.reader import UNREADABLE, RowError

Rows = list[tuple[int, dict[str, Any]]]


def read_table(
    content: bytes,
    columns: Sequence[tuple[str, str]],
    optional: set[str],
    max_rows: int,
    hint: str = "，请使用导出的表格作为模板",
) -> tuple[Rows, list[RowError]]:
    """(row number, {key: cell}) of every non-empty row, or the file's problems."""
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception:  # any unreadable upload is the same answer to the user
        return [], [RowError(0, "", UNREADABLE)]
    lines = sheet.iter_rows(values_only=True)
    headers = [str(h or "").strip().replace("*", "") for h in next(lines, ())]
    where = {key: headers.index(h) for key, h in columns if h in headers}
    missing = [h for key, h in columns if key not in where and key not in optional]
    if missing:
        return [], [RowError(1, h, f"缺少“{h}”列{hint}") for h in missing]
    rows: Rows = []
    for number, cells in enumerate(lines, start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        rows.append((number, {k: cells[i] if i < len(cells) else None for k, i in where.items()}))
        if len(rows) > max_rows:
            return [], [RowError(0, "", f"一次最多导入{max_rows}行，请分批导入")]
    if not rows:
        return [], [RowError(0, "", "文件中没有数据行")]
    return rows, []
