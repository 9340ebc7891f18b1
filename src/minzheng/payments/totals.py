"""Totals of the ledger by county, programme and month (D13.3): what was issued
(re-issues included), paid, failed or returned, and recovered. A payroll's entries
count in the payroll's month; a repayment outside any payroll in the month it was
made. Aggregates only (no person), for the viewer's area: one query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DateField, Q, Sum
from django.db.models.functions import Cast, Coalesce, TruncMonth

from minzheng.assistance.models import Programme
from minzheng.payments.ledger import fen
from minzheng.payments.models import LedgerEntry, LedgerKind, PayableProgramme

ZERO = Decimal("0.00")
LABELS = {**dict(Programme.choices), **dict(PayableProgramme.choices)}
HEADER = (
    "区划代码",
    "县（区）",
    "救助项目",
    "月份",
    "发放（元）",
    "到账（元）",
    "失败退回（元）",
    "追回（元）",
)


@dataclass(frozen=True)
class Total:
    area_code: str
    area_name: str
    programme: str
    month: dt.date
    issued: Decimal
    paid: Decimal
    unpaid: Decimal  # failed + returned
    recovered: Decimal

    @property
    def programme_label(self) -> str:
        return str(LABELS.get(self.programme, self.programme))

    @property
    def key(self) -> str:
        return f"{self.area_code}-{self.programme}-{self.month:%Y-%m}"

    def row(self) -> tuple[object, ...]:
        return (
            self.area_code,
            self.area_name,
            self.programme_label,
            f"{self.month:%Y-%m}",
            self.issued,
            self.paid,
            self.unpaid,
            self.recovered,
        )


def _sum(*kinds: str) -> Sum:
    return Sum("amount", filter=Q(kind__in=kinds), default=ZERO)


def totals(prefix: str, *, programme: str = "", year: int | None = None) -> list[Total]:
    # a payroll's month, an institutional payable's month, else the month it was made
    # (cast: PostgreSQL would otherwise type the COALESCE as the truncated timestamp)
    month = Cast(
        Coalesce("cycle__month", "payable__month", TruncMonth("at", output_field=DateField())),
        DateField(),
    )
    entries = LedgerEntry.objects.filter(area__code__startswith=prefix)
    if programme:
        entries = entries.filter(programme=programme)
    rows = (
        entries.annotate(m=month)
        .filter(**({"m__year": year} if year else {}))
        .values("area_id", "area__name", "programme", "m")
        .annotate(
            issued=_sum(LedgerKind.ISSUED, LedgerKind.REISSUED),
            paid=_sum(LedgerKind.PAID),
            unpaid=_sum(LedgerKind.FAILED, LedgerKind.RETURNED),
            recovered=_sum(LedgerKind.RECOVERED),
        )
        .order_by("-m", "area_id", "programme")
    )
    return [
        Total(
            r["area_id"],
            r["area__name"],
            r["programme"],
            r["m"],
            fen(r["issued"]),
            fen(r["paid"]),
            fen(r["unpaid"]),
            fen(r["recovered"]),
        )
        for r in rows
    ]


def grand_total(rows: list[Total]) -> Total | None:
    if not rows:
        return None
    return Total(
        "",
        "合计",
        "",
        rows[0].month,
        sum((r.issued for r in rows), ZERO),
        sum((r.paid for r in rows), ZERO),
        sum((r.unpaid for r in rows), ZERO),
        sum((r.recovered for r in rows), ZERO),
    )
