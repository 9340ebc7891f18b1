"""The payments figures on the leaders' dashboard: money actually paid, read from the
ledger (D13.3) — what the bank confirmed, not what was planned — and what is still
being recovered (D13.5). Aggregates for the viewer's area, two queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import F, Q, Sum
from django.utils import timezone

from minzheng.core.extensions import DashboardSeries, Figure, SeriesRows
from minzheng.core.figures import grouped_by_month
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


def _paid(first: dt.date, last: dt.date) -> SeriesRows:
    """Money the bank confirmed (D13.3), by the month paid for and the household's place."""
    rows = LedgerEntry.objects.filter(
        kind=LedgerKind.PAID, cycle__month__gte=first, cycle__month__lte=last
    )
    return grouped_by_month(
        rows,
        area="line__household__area_id",
        month="cycle__month",
        value=Sum("amount"),
        category="programme",
    )


# The monthly series of the leaders' dashboards (issue 15 item 2; docs/dashboards.md).
SERIES = (
    DashboardSeries(
        "payments.paid", "已发放到账", "元", _paid, group="资金发放", categories="programme"
    ),
)
