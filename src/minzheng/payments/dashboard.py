"""The payments figures on the leaders' dashboard: money actually paid, read from the
ledger (D13.3) — what the bank confirmed, not what was planned — and what is still
being recovered (D13.5). Aggregates for the viewer's area, two queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import F, Q, Sum

from minzheng.core.extensions import (
    DashboardPanel,
    DashboardSeries,
    Figure,
    PanelRows,
    PanelValues,
    SeriesRows,
)
from minzheng.core.figures import grouped_by_month
from minzheng.core.panel_figures import by_area
from minzheng.payments.ledger import fen
from minzheng.payments.models import LedgerEntry, LedgerKind, RecoveryOrder, RecoveryStatus


def _yuan(value: Decimal | None) -> str:
    return f"{fen(value):,.2f}"


def _panel_numbers(today: dt.date, now: dt.datetime) -> PanelRows:
    """Paid this year and this month (by the month paid for, where the household lives)
    and still to be recovered (where the beneficiary lives), per area."""
    month = today.replace(day=1)
    yield from by_area(
        LedgerEntry.objects.filter(kind=LedgerKind.PAID, cycle__month__year=today.year),
        key="payments",
        area="line__household__area_id",
        year=Sum("amount"),
        month=Sum("amount", filter=Q(cycle__month=month)),
    )
    yield from by_area(
        RecoveryOrder.objects.filter(status=RecoveryStatus.OPEN),
        key="payments",
        area="beneficiary__area_id",
        owed=Sum(F("amount") - F("recovered")),
    )


def _show(v: PanelValues) -> list[Figure]:
    day = v.as_of
    return [
        Figure(f"{day.year}年已发放到账（元）", _yuan(v["payments.year"])),
        Figure(f"{day.year}年{day.month}月已发放到账（元）", _yuan(v["payments.month"])),
        Figure("追回中金额（元）", _yuan(v["payments.owed"])),
    ]


PANEL = DashboardPanel("payments", "资金发放", _panel_numbers, _show)


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
