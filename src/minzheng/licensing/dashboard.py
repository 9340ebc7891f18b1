"""The licensing figures on the dashboard: this year's decisions and on-time rates in
the area (D15.3), open and paused applications, from the rows refreshed nightly
(docs/dashboards.md). No personal data."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from minzheng.core.extensions import DashboardPanel, Figure, PanelRows, PanelValues
from minzheng.core.panel_figures import by_area
from minzheng.licensing.models import OPEN_STATES, LicenceApplication
from minzheng.licensing.rates import Rate


def _panel_numbers(today: dt.date, now: dt.datetime) -> PanelRows:
    """This year's decisions and those within each clock (the flags fixed at decision
    time), open and paused applications, per area, in two grouped queries."""
    yield from by_area(
        LicenceApplication.objects.filter(decided_on__year=today.year),
        key="licensing",
        decided=Count("id"),
        statutory=Count("id", filter=Q(within_statutory=True)),
        promised=Count("id", filter=Q(within_promised=True)),
    )
    yield from by_area(
        LicenceApplication.objects.filter(status__in=OPEN_STATES),  # paused among them
        key="licensing",
        open=Count("id"),
        paused=Count("id", filter=Q(status="paused")),
    )


def _show(v: PanelValues) -> list[Figure]:
    decided = int(v["licensing.decided"])
    return [
        Figure(f"{v.as_of.year}年办结件数", str(decided)),
        Figure("法定时限内办结率", Rate.percent(int(v["licensing.statutory"]), decided)),
        Figure("承诺时限内办结率", Rate.percent(int(v["licensing.promised"]), decided)),
        Figure("在办件数", v.count("licensing.open")),
        Figure("中止计时件数", v.count("licensing.paused")),
    ]


PANEL = DashboardPanel("licensing", "行政许可", _panel_numbers, _show)
