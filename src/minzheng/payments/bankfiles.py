"""Bank files (D13.4): layouts are data (`banks/*.yaml`, one file per layout), so adding
a bank is adding a file. A batch file is a header (date, unit, count, total) and one
line per payment in flight; encoding GBK or UTF-8 as the bank asks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db.models import Count, Sum

from minzheng.payments.errors import PaymentError
from minzheng.payments.models import LineStatus, PayrollCycle, PayrollLine

LAYOUT_DIR = Path(__file__).with_name("banks")
ENCODINGS = {"GBK": "gbk", "UTF-8": "utf-8"}
HEADER_FIELDS = frozenset({"date", "unit", "count", "total"})
DETAIL_FIELDS = frozenset({"reference", "name", "amount", "account", "id_type", "id_number"})
RETURN_FIELDS = frozenset({"reference", "name", "amount", "account", "result", "reason"})
OUTCOMES = frozenset({"paid", "failed", "returned"})


@dataclass(frozen=True)
class Layout:
    code: str
    name: str
    delimiter: str
    date_format: str
    id_type: str
    header: tuple[str, ...]
    detail: tuple[str, ...]
    return_detail: tuple[str, ...]
    results: dict[str, str]


def _layout(data: dict[str, Any], source: str) -> Layout:
    layout = Layout(
        code=str(data["code"]),
        name=str(data["name"]),
        delimiter=str(data["delimiter"]),
        date_format=str(data["date_format"]),
        id_type=str(data["id_type"]),
        header=tuple(data["header"]),
        detail=tuple(data["detail"]),
        return_detail=tuple(data["return_detail"]),
        results={str(k): str(v) for k, v in data["results"].items()},
    )
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


DETAIL_COLUMNS = ("reference", "payee_name", "total", "account_number", "payee_id_number")


def _detail(row: tuple[str, str, Decimal, str, str], lay: Layout) -> list[str]:
    reference, name, total, account, id_number = row
    values = {
        "reference": reference,
        "name": name,
        "amount": money(total),
        "account": account,
        "id_type": lay.id_type,
        "id_number": id_number,
    }
    return [values[f] for f in lay.detail]


def _joined(values: list[str], lay: Layout, where: str) -> str:
    if any(lay.delimiter in v or "\n" in v or "\r" in v for v in values):
        raise PaymentError(f"{where}：内容含分隔符或换行，不能写入银行文件")
    return lay.delimiter.join(values)


def bank_file(cycle: PayrollCycle, *, layout_code: str, encoding: str, on: dt.date) -> bytes:
    """The batch file of the lines in flight of a sent cycle."""
    lay, name = layout(layout_code), codec(encoding)
    if cycle.status != "sent":
        raise PaymentError("只有已送银行的批次可以生成银行文件")
    lines = PayrollLine.objects.filter(cycle=cycle, status=LineStatus.SENT)
    sums = lines.aggregate(n=Count("id"), total=Sum("total"))
    head = {
        "date": on.strftime(lay.date_format),
        "unit": f"{cycle.area.name}民政局",
        "count": str(sums["n"]),
        "total": money((sums["total"] or Decimal("0")).quantize(Decimal("0.01"))),
    }
    rows = [_joined([head[f] for f in lay.header], lay, "表头")]
    rows += [
        _joined(_detail(row, lay), lay, f"流水号{row[0]}")
        for row in lines.order_by("id").values_list(*DETAIL_COLUMNS).iterator(chunk_size=20_000)
    ]
    text = "\r\n".join(rows) + "\r\n"
    try:
        return text.encode(name)
    except UnicodeEncodeError:
        raise PaymentError("有姓名无法用 GBK 编码，请改用 UTF-8 或核对姓名用字") from None
