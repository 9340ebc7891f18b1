"""The screening series of the leaders' dashboards (issue 15 item 2): visits as
person-times (人次, D12) by month, where the visited household lives."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count

from minzheng.core.extensions import DashboardSeries, SeriesRows
from minzheng.core.figures import grouped_by_month
from minzheng.screening.models import Visit


def _visits(first: dt.date, last: dt.date) -> SeriesRows:
    rows = Visit.objects.filter(visited_on__gte=first, visited_on__lt=_next(last))
    return grouped_by_month(
        rows,
        area="target__area_id",
        month="visited_on",
        value=Count("id"),
        category="outcome",
    )


def _next(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


SERIES = (
    DashboardSeries(
        "screening.visits",
        "排查走访",
        "人次",
        _visits,
        group="排查帮扶",
        categories="visit_outcome",
    ),
)
