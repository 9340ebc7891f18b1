"""The leaders' dashboard's charts, built from the monthly figures of one area and its
children (`core.figures.month_figures_for`). Each chart is also a table (the same
numbers, readable without JavaScript and by a screen reader) and an Excel download;
the page draws it with ECharts from the same data (`core/static/core/dashboard.js`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from minzheng.core.extensions import DashboardRatio, DashboardSeries
from minzheng.core.figures import MonthFigures
from minzheng.core.vocabulary import code_label

PERCENT = Decimal(100)


@dataclass
class Chart:
    id: str  # stable within a page: the Excel download names it
    title: str
    kind: str  # "line" (months), "bar" (categories or areas)
    x: list[str]  # months, categories or area names
    lines: list[tuple[str, list[Decimal | None]]]  # (legend, one value per x)
    links: list[str] = field(default_factory=list)  # per x: the drill-down address, or ""
    codes: list[str] = field(default_factory=list)  # per x: the area's code (areas chart)

    @property
    def header(self) -> list[str]:
        return ["", *(name for name, _ in self.lines)]

    @property
    def rows(self) -> list[list[object]]:
        return [[x, *(values[i] for _, values in self.lines)] for i, x in enumerate(self.x)]

    @property
    def table(self) -> list[tuple[str, str, list[Decimal | None]]]:
        """Per x: its label, its drill-down address ("" for none) and its values."""
        links = self.links or [""] * len(self.x)
        return [
            (x, links[i], [values[i] for _, values in self.lines]) for i, x in enumerate(self.x)
        ]

    def data(self) -> dict[str, object]:
        """What the page's script draws (numbers as text: Decimal, never float, here)."""
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "x": self.x,
            "codes": self.codes,
            "links": self.links,
            "lines": [
                {"name": name, "values": [None if v is None else str(v) for v in values]}
                for name, values in self.lines
            ],
        }


def legend(series: DashboardSeries) -> str:
    return f"{series.label}（{series.unit}）"


def _rate(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if not denominator:
        return None
    return (PERCENT * numerator / denominator).quantize(Decimal("0.1"))


def trend_charts(
    figures: MonthFigures, series: list[DashboardSeries], ratios: list[DashboardRatio]
) -> list[Chart]:
    """One line chart per group of series (社会救助, 资金发放, …), then one per rate."""
    months = [f"{m.year}年{m.month}月" for m in figures.months]
    groups: dict[str, list[DashboardSeries]] = {}
    for s in series:
        groups.setdefault(s.group or s.label, []).append(s)
    charts = [
        Chart(
            f"trend-{n}",
            f"{title} · 月度趋势",
            "line",
            months,
            [(legend(s), list[Decimal | None](figures.trend(s.key))) for s in members],
        )
        for n, (title, members) in enumerate(groups.items(), start=1)
    ]
    for n, r in enumerate(ratios, start=1):
        top, bottom = figures.trend(r.numerator), figures.trend(r.denominator)
        values = [_rate(a, b) for a, b in zip(top, bottom, strict=True)]
        charts.append(
            Chart(
                f"rate-{n}", f"{r.label} · 月度趋势", "line", months, [(f"{r.label}（%）", values)]
            )
        )
    return charts


def category_charts(figures: MonthFigures, series: list[DashboardSeries]) -> list[Chart]:
    """Each categorised series by category (by programme, by outcome): a stock in the
    last month, a flow over the months drawn."""
    charts = []
    for n, s in enumerate((s for s in series if s.categories), start=1):
        codes = figures.categories(s.key)
        if not codes:
            continue
        values = [figures.over_window(s.key, stock=s.stock, category=c) for c in codes]
        charts.append(
            Chart(
                f"category-{n}",
                f"{s.label} · 按{_category_word(s)}",
                "bar",
                [code_label(c, s.categories) for c in codes],
                [(legend(s), list[Decimal | None](values))],
            )
        )
    return charts


def _category_word(s: DashboardSeries) -> str:
    return "救助项目" if s.categories == "programme" else "分类"


def area_chart(
    figures: MonthFigures,
    chosen: DashboardSeries,
    names: dict[str, str],
    links: dict[str, str],
) -> Chart:
    """The chosen figure for each child area (the map shades the counties with it)."""
    values = [
        figures.over_window(chosen.key, stock=chosen.stock, area=c) for c in figures.children
    ]
    return Chart(
        "areas",
        f"{legend(chosen)} · 按下级区划",
        "bar",
        [names.get(c, c) for c in figures.children],
        [(legend(chosen), list[Decimal | None](values))],
        [links.get(c, "") for c in figures.children],
        list(figures.children),
    )
