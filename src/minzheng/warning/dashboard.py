"""The warning figures on the leaders' dashboard."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from minzheng.core.extensions import (
    DashboardPanel,
    DashboardSeries,
    Figure,
    PanelRows,
    PanelValues,
    SeriesRows,
)
from minzheng.core.figures import grouped_by_month, month_start
from minzheng.core.panel_figures import by_area
from minzheng.warning.models import Lead


def _panel_numbers(today: dt.date, now: dt.datetime) -> PanelRows:
    """Open leads, those past their deadline at the refresh, leads that led to an
    application, closed leads, per area, in one grouped query."""
    open_lead = ~Q(status="closed")
    return by_area(
        Lead.objects.all(),
        key="warning",
        open=Count("id", filter=open_lead),
        overdue=Count("id", filter=open_lead & Q(deadline__lt=today)),
        applied=Count("id", filter=Q(outcome="apply")),
        closed=Count("id", filter=Q(status="closed")),
    )


def _show(v: PanelValues) -> list[Figure]:
    return [
        Figure("待办线索", v.count("warning.open")),
        Figure("已超期线索", v.count("warning.overdue")),
        Figure("已发起救助申请", v.count("warning.applied")),
        Figure("已办结线索", v.count("warning.closed")),
    ]


PANEL = DashboardPanel("warning", "救助预警", _panel_numbers, _show)


def _window(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The months as aware times in Beijing time (created and closed are times)."""
    tz = timezone.get_current_timezone()
    after = month_start(last + dt.timedelta(days=32))
    return (
        dt.datetime.combine(first, dt.time(), tzinfo=tz),
        dt.datetime.combine(after, dt.time(), tzinfo=tz),
    )


def _leads(first: dt.date, last: dt.date) -> SeriesRows:
    start, end = _window(first, last)
    rows = Lead.objects.filter(created_at__gte=start, created_at__lt=end)
    return grouped_by_month(rows, area="area_id", month="created_at", value=Count("id"))


def _outcomes(first: dt.date, last: dt.date) -> SeriesRows:
    """Leads closed in the month, by what came of them (an application, no need, …)."""
    start, end = _window(first, last)
    rows = Lead.objects.filter(
        status="closed", status_changed_at__gte=start, status_changed_at__lt=end
    )
    return grouped_by_month(
        rows, area="area_id", month="status_changed_at", value=Count("id"), category="outcome"
    )


# The monthly series of the leaders' dashboards (issue 15 item 2; docs/dashboards.md).
SERIES = (
    DashboardSeries("warning.leads", "新增预警线索", "条", _leads, group="救助预警"),
    DashboardSeries(
        "warning.closed", "办结线索", "条", _outcomes, group="救助预警", categories="lead_outcome"
    ),
)
