"""Bank files (D13.4): layouts are data (`banks/*.yaml`, one file per layout), so adding
a bank is adding a file. A text batch file is a header (date, unit, count, total) and
one line per payment in flight, encoded GBK or UTF-8 as the bank asks, its fields either
delimited (`format: text`) or of fixed widths (`format: fixed`: `widths` in bytes of
the file's encoding — a Chinese character is two in GBK, three in UTF-8; amounts and
counts right-aligned with leading zeros, the rest left-aligned with trailing spaces; a
value too long refuses the file, never cut); an Excel layout (`format: xlsx`) is one
sheet, a row of column titles, then one row per payment, every value written as text
(card numbers and amounts never become floats)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db.models import Count, Sum

from minzheng.assistance.models import Programme
from minzheng.core.spreadsheets.writer import table_xlsx
from minzheng.payments.errors import PaymentError
from minzheng.payments.models import LineStatus, PayrollCycle, PayrollLine

LAYOUT_DIR = Path(__file__).with_name("banks")
DEFAULT_LAYOUT = "pipe_batch"  # offered first on the batch's page
ENCODINGS = {"GBK": "gbk", "UTF-8": "utf-8"}
HEADER_FIELDS = frozenset({"date", "unit", "count", "total"})
DETAIL_FIELDS = frozenset(
    {"reference", "name", "amount", "account", "id_type", "id_number", "remark"}
)
FORMATS = frozenset({"text", "fixed", "xlsx"})
# Fixed-width fields written right-aligned with leading zeros (the others: left, spaces).
NUMERIC_FIELDS = frozenset({"count", "total", "amount"})
RETURN_FIELDS = frozenset({"reference", "name", "amount", "account", "result", "reason"})
OUTCOMES = frozenset({"paid", "failed", "returned"})
LABELS = dict(Programme.choices)


@dataclass(frozen=True)
class Layout:
    code: str
    name: str
    format: str  # text (delimited), fixed (widths) or xlsx
    delimiter: str
    date_format: str
    id_type: str
    org_id_type: str  # the ID type of an institution's credit code (集中供养, D13.1)
    header: tuple[str, ...]
    detail: tuple[str, ...]
    titles: tuple[str, ...]  # xlsx: the column titles, one per detail field
    return_detail: tuple[str, ...]  # empty: the bank answers in a layout of its own
    results: dict[str, str]
    widths: dict[str, int]  # fixed: each field's width in bytes of the file's encoding

    @property
    def extension(self) -> str:
        return "xlsx" if self.format == "xlsx" else "txt"


def _layout(data: dict[str, Any], source: str) -> Layout:
    layout = Layout(
        code=str(data["code"]),
        name=str(data["name"]),
        format=str(data.get("format", "text")),
        delimiter=str(data.get("delimiter", "")),
        date_format=str(data.get("date_format", "%Y%m%d")),
        id_type=str(data.get("id_type", "")),
        org_id_type=str(data.get("org_id_type", data.get("id_type", ""))),
        header=tuple(data.get("header", ())),
        detail=tuple(data["detail"]),
        titles=tuple(data.get("titles", ())),
        return_detail=tuple(data.get("return_detail", ())),
        results={str(k): str(v) for k, v in data.get("results", {}).items()},
        widths={str(k): int(v) for k, v in data.get("widths", {}).items()},
    )
    if layout.format not in FORMATS:
        raise ValueError(f"{source}: unknown format {layout.format}")
    if layout.format == "xlsx" and len(layout.titles) != len(layout.detail):
        raise ValueError(f"{source}: one title per detail field")
    if layout.format == "text" and not layout.delimiter:
        raise ValueError(f"{source}: a text layout needs a delimiter")
    if layout.format == "fixed":
        every = {*layout.header, *layout.detail, *layout.return_detail}
        if missing := every - {f for f, w in layout.widths.items() if w > 0}:
            raise ValueError(f"{source}: no width for {sorted(missing)}")
    for fields, allowed in (
        (layout.header, HEADER_FIELDS),
        (layout.detail, DETAIL_FIELDS),
        (layout.return_detail, RETURN_FIELDS),
        (tuple(layout.results.values()), OUTCOMES),
    ):
        if unknown := set(fields) - allowed:
            raise ValueError(f"{source}: unknown fields {sorted(unknown)}")
    return layout


@cache
def layouts() -> dict[str, Layout]:
    found = {}
    for path in sorted(LAYOUT_DIR.glob("*.yaml")):
        layout = _layout(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
        found[layout.code] = layout
    return found


def layout(code: str) -> Layout:
    try:
        return layouts()[code]
    except KeyError:
        raise PaymentError(f"银行文件格式：没有“{code}”这种格式") from None


def codec(encoding: str) -> str:
    try:
        return ENCODINGS[encoding]
    except KeyError:
        raise PaymentError("文件编码：请选择 GBK 或 UTF-8") from None


def money(amount: Decimal) -> str:
    return f"{amount:.2f}"


# The columns a detail row is made of, read as plain values (the file streams them
# from the database, never one model instance per line).
DETAIL_COLUMNS = (
    "reference",
    "payee_name",
    "total",
    "account_number",
    "payee_id_number",
    "institution_id",
)
DetailRow = tuple[str, str, Decimal, str, str, int | None]


def _detail(row: DetailRow, lay: Layout, remark: str) -> list[str]:
    reference, name, total, account, id_number, institution_id = row
    values = {
        "reference": reference,
        "name": name,
        "amount": money(total),
        "account": account,
        "id_type": lay.org_id_type if institution_id else lay.id_type,
        "id_number": id_number,
        "remark": remark,
    }
    return [values[f] for f in lay.detail]


def _joined(values: list[str], fields: tuple[str, ...], lay: Layout, where: str, enc: str) -> str:
    if any("\n" in v or "\r" in v for v in values):
        raise PaymentError(f"{where}：内容含换行，不能写入银行文件")
    if lay.format == "fixed":
        padded = zip(values, fields, strict=True)
        return "".join(_padded(v, f, lay.widths[f], where, enc) for v, f in padded)
    if any(lay.delimiter in v for v in values):
        raise PaymentError(f"{where}：内容含分隔符，不能写入银行文件")
    return lay.delimiter.join(values)


def _padded(value: str, field: str, width: int, where: str, enc: str) -> str:
    """`value` filled to `width` bytes in the encoding `enc` (fixed-width layouts)."""
    try:
        size = len(value.encode(enc))
    except UnicodeEncodeError:
        raise PaymentError(f"{where}：有字无法用 GBK 编码，请改用 UTF-8 或核对用字") from None
    if size > width:
        raise PaymentError(f"{where}：{field}长{size}字节，超过格式规定的{width}字节")
    if field in NUMERIC_FIELDS:
        return "0" * (width - size) + value
    return value + " " * (width - size)


def fixed_fields(line: bytes, fields: tuple[str, ...], lay: Layout, enc: str) -> list[str]:
    """A fixed-width line's values, cut by bytes then decoded (raises UnicodeDecodeError);
    numbers without their leading zeros. The caller checks the line's length first."""
    values, at = [], 0
    for field in fields:
        width = lay.widths[field]
        value = line[at : at + width].decode(enc).strip()
        at += width
        if field in NUMERIC_FIELDS:
            value = value.lstrip("0")
            value = "0" + value if value.startswith(".") or not value else value
        values.append(value)
    return values


def fixed_length(fields: tuple[str, ...], lay: Layout) -> int:
    return sum(lay.widths[f] for f in fields)


def bank_file(cycle: PayrollCycle, *, layout_code: str, encoding: str, on: dt.date) -> bytes:
    """The batch file of the lines in flight of a sent cycle."""
    lay, name = layout(layout_code), codec(encoding)
    if cycle.status != "sent":
        raise PaymentError("只有已送银行的批次可以生成银行文件")
    lines = PayrollLine.objects.filter(cycle=cycle, status=LineStatus.SENT)
    remark = f"{cycle.month:%Y年%m月}{LABELS.get(cycle.programme, cycle.programme)}"
    details = lines.order_by("id").values_list(*DETAIL_COLUMNS).iterator(chunk_size=20_000)
    if lay.format == "xlsx":  # streamed too: the writer is write-only
        sheet = (_detail(row, lay, remark) for row in details)
        return table_xlsx(lay.name[:31], lay.titles, sheet)[0]
    sums = lines.aggregate(n=Count("id"), total=Sum("total"))
    head = {
        "date": on.strftime(lay.date_format),
        "unit": f"{cycle.area.name}民政局",
        "count": str(sums["n"]),
        "total": money((sums["total"] or Decimal("0")).quantize(Decimal("0.01"))),
    }
    rows = [_joined([head[f] for f in lay.header], lay.header, lay, "表头", name)]
    rows += [
        _joined(_detail(row, lay, remark), lay.detail, lay, f"流水号{row[0]}", name)
        for row in details
    ]
    text = "\r\n".join(rows) + "\r\n"
    try:
        return text.encode(name)
    except UnicodeEncodeError:
        raise PaymentError("有姓名无法用 GBK 编码，请改用 UTF-8 或核对姓名用字") from None
