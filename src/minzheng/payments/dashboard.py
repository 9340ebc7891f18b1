"""The payments figures on the leaders' dashboard: money actually paid, read from the
ledger (D13.3) — what the bank confirmed, not what was planned — and what is still
being recovered (D13.5). Aggregates for the viewer's area, two queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import F, Q, Sum
from django.utils import timezone

from minzheng.core.extensions import Figure
from minzheng.core.models import User
from minzheng.payments.ledger import fen
from minzheng.payments.models import LedgerEntry, LedgerKind, RecoveryOrder, RecoveryStatus


def _yuan(value: Decimal | None) -> str:
    return f"{fen(value):,.2f}"


def payments_panel(user: User, today: dt.date | None = None) -> tuple[str, list[Figure]]:
    prefix, today = user.scope_prefix, today or timezone.localdate()
    month = today.replace(day=1)
    paid = LedgerEntry.objects.filter(
        kind=LedgerKind.PAID,
        line__household__area__code__startswith=prefix,
        cycle__month__year=today.year,
    ).aggregate(
        year=Sum("amount"),
        month=Sum("amount", filter=Q(cycle__month=month)),
    )
    owed = RecoveryOrder.objects.filter(
        status=RecoveryStatus.OPEN, beneficiary__area__code__startswith=prefix
    ).aggregate(s=Sum(F("amount") - F("recovered")))["s"]
    return "资金发放", [
        Figure(f"{today.year}年已发放到账（元）", _yuan(paid["year"])),
        Figure(f"{today.year}年{today.month}月已发放到账（元）", _yuan(paid["month"])),
        Figure("追回中金额（元）", _yuan(owed)),
    ]
