"""The three supervision platforms (资金监管, issue 11 item 3): open findings, money at
risk and recovered, by area (drill-down city → county → township → community) and by
month, as charts that are tables and Excel downloads too (the dashboard's conventions:
core/dashboard_charts.py, docs/dashboards.md). Aggregates only — never a person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from minzheng.core import selectors as core_selectors
from minzheng.core.dashboard_charts import Chart
from minzheng.core.models import Area, User
from minzheng.core.roles import Capability
from minzheng.supervision import selectors
from minzheng.supervision.models import Finding, FindingQuerySet

MONTHS = 12


def platform_rows(user: User, platform: str, area: Area) -> FindingQuerySet:
    qs = Finding.objects.visible_to(user, Capability.VIEW_DASHBOARD)
    return qs.within_prefix(area.prefix).filter(platform=platform)


def last_months(today: dt.date, n: int = MONTHS) -> list[str]:
    y, m, out = today.year, today.month, []
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return list(reversed(out))


@dataclass
class PlatformView:
    totals: selectors.Totals
    charts: list[Chart]


def platform_view(user: User, platform: str, area: Area, today: dt.date) -> PlatformView:
    qs = platform_rows(user, platform, area)
    months = last_months(today)
    per_month = selectors.by_month(qs, months)
    zero = selectors.Totals(0, 0, Decimal("0.00"), Decimal("0.00"))
    m = [per_month.get(k, zero) for k in months]
    labels = [f"{k[:4]}年{int(k[5:])}月" for k in months]
    charts = [
        Chart(
            "months-count",
            "监管问题 · 按起始月份",
            "line",
            labels,
            [
                ("发现问题（条）", [Decimal(t.found) for t in m]),
                ("未办结（条）", [Decimal(t.open) for t in m]),
            ],
        ),
        Chart(
            "months-money",
            "涉及金额与已追回 · 按起始月份",
            "line",
            labels,
            [
                ("涉及金额（元）", [t.at_risk for t in m]),
                ("已追回（元）", [t.recovered for t in m]),
            ],
        ),
    ]
    children = selectors.by_child_area(qs, area)
    if children:
        codes = sorted(children)
        names = core_selectors.area_names(codes)
        base = reverse("supervision:platform", args=[platform])
        rows = [children[c] for c in codes]
        names_ = [names.get(c, c) for c in codes]
        links = [f"{base}?area={c}" for c in codes]
        charts.append(
            Chart(
                "areas",
                "未办结问题 · 按下级区划（点击查看下级）",
                "bar",
                names_,
                [("未办结问题（条）", [Decimal(t.open) for t in rows])],
                links,
                codes,
            )
        )
        charts.append(
            Chart(
                "areas-money",
                "涉及金额与已追回 · 按下级区划（点击查看下级）",
                "bar",
                names_,
                [
                    ("涉及金额（元）", [t.at_risk for t in rows]),
                    ("已追回（元）", [t.recovered for t in rows]),
                ],
                links,
                codes,
            )
        )
    return PlatformView(selectors.totals(qs), charts)
