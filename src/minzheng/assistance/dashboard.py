"""The assistance figures on the leaders' dashboard (aggregates for the viewer's area)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db.models import Aggregate, Count, F, Sum

from minzheng.assistance.models import Application, Enrolment, Programme
from minzheng.core.extensions import (
    DashboardPanel,
    DashboardRatio,
    DashboardSeries,
    Figure,
    PanelRows,
    PanelValues,
    SeriesRows,
)
from minzheng.core.figures import grouped_by_month, in_force_by_month, month_start, months_between
from minzheng.core.panel_figures import by_area


def _panel_numbers(today: dt.date, now: dt.datetime) -> PanelRows:
    """Enrolments not ended per programme and their monthly amounts, and open cases, per
    area (where the household lives; a case where it was applied for)."""
    yield from by_area(
        Enrolment.objects.current(),
        key="assistance",
        area="household__area_id",
        category="programme",
        households=Count("id"),
    )
    yield from by_area(
        Enrolment.objects.current(),
        key="assistance",
        area="household__area_id",
        monthly=Sum("monthly_amount"),
    )
    yield from by_area(Application.objects.open(), key="assistance", open=Count("id"))


def _show(v: PanelValues) -> list[Figure]:
    labels = dict(Programme.choices)
    households = sorted(v.under("assistance.households.").items())
    return [
        *(Figure(f"{labels.get(code, code)}（户）", str(int(n))) for code, n in households if n),
        Figure("月保障金额合计（元）", f"{v['assistance.monthly']:,.2f}"),
        Figure("在办救助案件", v.count("assistance.open")),
    ]


PANEL = DashboardPanel("assistance", "社会救助", _panel_numbers, _show)


# Monthly series of the leaders' dashboards (issue 15 item 2; docs/dashboards.md).
GROUP = "社会救助"


def _enrolments(first: dt.date, last: dt.date, value: Aggregate) -> SeriesRows:
    return in_force_by_month(
        Enrolment.objects.all(),
        months=months_between(first, last),
        area="household__area_id",
        starts="starts_on",
        ends="ends_on",
        value=value,
        category="programme",
    )


def _applications(first: dt.date, last: dt.date) -> SeriesRows:
    rows = Application.objects.filter(applied_on__gte=first, applied_on__lt=_after(last))
    return grouped_by_month(
        rows, area="area_id", month="applied_on", value=Count("id"), category="programme"
    )


def _decided(first: dt.date, last: dt.date, *, on_time: bool) -> SeriesRows:
    """Decisions within the month of cases with a total time limit (D1.9): those accepted
    on the regular track; `on_time` keeps the ones decided by the limit."""
    rows = Application.objects.filter(
        decided_on__gte=first, decided_on__lt=_after(last), total_deadline__isnull=False
    )
    if on_time:
        rows = rows.filter(decided_on__lte=F("total_deadline"))
    return grouped_by_month(rows, area="area_id", month="decided_on", value=Count("id"))


def _after(last: dt.date) -> dt.date:
    return month_start(last + dt.timedelta(days=32))


SERIES = (
    DashboardSeries(
        "assistance.enrolled_households",
        "在保家庭",
        "户",
        partial(_enrolments, value=Count("id")),
        group=GROUP,
        stock=True,
        categories="programme",
    ),
    DashboardSeries(
        "assistance.enrolled_people",
        "保障人数",
        "人",
        partial(_enrolments, value=Sum("covered_members")),
        group=GROUP,
        stock=True,
        categories="programme",
    ),
    DashboardSeries(
        "assistance.applications",
        "救助申请",
        "件",
        _applications,
        group="救助申请办理",
        categories="programme",
    ),
    DashboardSeries(
        "assistance.decided",
        "审批办结",
        "件",
        partial(_decided, on_time=False),
        group="救助申请办理",
    ),
    DashboardSeries(
        "assistance.decided_on_time",
        "按时办结",
        "件",
        partial(_decided, on_time=True),
        group="救助申请办理",
    ),
    DashboardRatio(
        "assistance.on_time_rate",
        "救助申请按时办结率",
        "assistance.decided_on_time",
        "assistance.decided",
    ),
)
