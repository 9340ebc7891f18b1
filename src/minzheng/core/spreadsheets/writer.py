"""Writing exports: one streamed sheet and the HTTP response that carries it."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

# What openpyxl refuses (C0 controls but tab and line breaks), and what cannot be
# written as UTF-8 XML at all (lone surrogates, U+FFFE/U+FFFF).
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_xlsx(
    title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> tuple[bytes, int]:
    """One sheet, bold header, rows streamed (write-only mode keeps memory flat);
    returns the file and the number of data rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=excel_safe(text))
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    count = 0
    for row in rows:
        sheet.append([_literal(sheet, v) for v in row])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


def excel_safe(value: Any) -> Any:
    """Text as Excel can hold it: the control characters openpyxl refuses are
    replaced by U+FFFD, so an export never fails on what is stored (a row written
    before core/text.py refused them, or by hand, issue 7 item 4)."""
    if isinstance(value, str):
        return _UNWRITABLE.sub("\ufffd", value)
    return value


def _literal(sheet: Any, value: Any) -> Any:
    """Text that starts with '=' stays text: exported data must never become a formula.
    Money (Decimal) shows with its two places of fen."""
    value = excel_safe(value)
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0.00"
        return cell
    return value


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
