"""The leaders' dashboard (issue 15 item 2): aggregates only, for the viewer's area or
an area beneath it (drill-down city → county → township → community, D0.3), read
from figures precomputed per area and month/day (core/figures.py), never from the
rows behind them. Each chart is a table and an Excel download too."""

from __future__ import annotations

import json
from functools import lru_cache

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from minzheng.core import selectors
from minzheng.core.audit import audit_export
from minzheng.core.dashboard_charts import Chart, area_chart, category_charts, legend, trend_charts
from minzheng.core.divisions import county_shapes
from minzheng.core.extensions import DashboardSeries, dashboard_ratios, dashboard_series
from minzheng.core.figures import MonthFigures, month_figures_for, population_for
from minzheng.core.models import Area, AreaLevel, User
from minzheng.core.panel_figures import panels_for
from minzheng.core.roles import Capability
from minzheng.core.spreadsheets.writer import table_xlsx, xlsx_response
from minzheng.core.views import _user, requires

AREA_CODE_LENGTHS = (6, 9, 12)


def dashboard_area(user: User, code: str | None) -> Area:
    """The area asked for (`?area=`), which must lie within the viewer's own: outside it,
    or unknown, the answer is the same 404 (existence is not revealed, D0.3)."""
    if not code:
        assert user.area is not None
        return user.area
    if len(code) not in AREA_CODE_LENGTHS or not code.isdigit() or not user.reaches(code):
        raise Http404("没有找到该区划")
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise Http404("没有找到该区划")
    return area


def _chosen(series: list[DashboardSeries], key: str | None) -> DashboardSeries | None:
    return next((s for s in series if s.key == key), series[0] if series else None)


def _trail(user: User, area: Area) -> list[tuple[str, str]]:
    """(name, address) from the viewer's own area down to `area`."""
    chain: list[Area] = []
    node: Area | None = area
    while node is not None:
        chain.append(node)
        if node.code == user.area_id:
            break
        node = node.parent
    return [(a.name, f"{reverse('core:dashboard')}?area={a.code}") for a in reversed(chain)]


def _charts(
    figures: MonthFigures, chosen: DashboardSeries | None, names: dict[str, str]
) -> list[Chart]:
    series = dashboard_series()
    charts = trend_charts(figures, series, dashboard_ratios())
    charts += category_charts(figures, series)
    if chosen is not None and figures.children:
        base = reverse("core:dashboard")
        links = {c: f"{base}?area={c}&figure={chosen.key}" for c in figures.children}
        charts.append(area_chart(figures, chosen, names, links))
    return charts


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    area = dashboard_area(user, request.GET.get("area"))
    today = timezone.localdate()
    population = population_for(area.prefix, today=today)
    series = dashboard_series()
    chosen = _chosen(series, request.GET.get("figure"))
    figures = month_figures_for(
        area, today=today, child_series=None if chosen is None else chosen.key
    )
    panels = panels_for(area)
    names = selectors.area_names([*figures.children, *population.by_child])
    charts = _charts(figures, chosen, names)
    is_city = area.level == AreaLevel.CITY
    return render(
        request,
        "core/dashboard.html",
        {
            "area": area,
            "trail": _trail(user, area),
            "rows": sorted((names.get(k, k), k, n) for k, n in population.by_child.items()),
            "total": population.residents,
            "disabled": population.disabled,
            "computed_at": population.computed_at,
            "months_computed_at": figures.computed_at,
            "panels": panels.panels,
            "panels_computed_at": panels.computed_at,
            "charts": charts,
            "chart_data": [c.data() for c in charts],
            "series": [(s.key, legend(s)) for s in series],
            "chosen": chosen,
            "map": is_city and chosen is not None,
            "drill": area.level != AreaLevel.COMMUNITY,
        },
    )


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def dashboard_export(request: HttpRequest) -> HttpResponse:
    """One chart's table as an Excel workbook (aggregates only; audited as an export)."""
    user = _user(request)
    area = dashboard_area(user, request.GET.get("area"))
    chosen = _chosen(dashboard_series(), request.GET.get("figure"))
    figures = month_figures_for(
        area, today=timezone.localdate(), child_series=None if chosen is None else chosen.key
    )
    names = selectors.area_names(figures.children)
    chart = next(
        (c for c in _charts(figures, chosen, names) if c.id == request.GET.get("chart")), None
    )
    if chart is None:
        raise Http404("没有找到该图表")
    content, count = table_xlsx(chart.title[:31].replace("·", "-"), chart.header, chart.rows)
    audit_export(
        actor=user,
        object_type="core.dashboard",
        area_code=area.code,
        count=count,
        criteria=f"{area.name} {chart.title}",
    )
    return xlsx_response(content, f"{area.name}-{chart.title}.xlsx")


@lru_cache(maxsize=1)
def _county_shapes_json() -> bytes:
    return json.dumps(county_shapes(), ensure_ascii=False, separators=(",", ":")).encode()


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def county_map(request: HttpRequest) -> HttpResponse:
    """Xuzhou's county outlines (core/data/README.md), read once per process."""
    return HttpResponse(_county_shapes_json(), content_type="application/geo+json")
