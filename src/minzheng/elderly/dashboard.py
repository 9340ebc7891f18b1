"""The elderly-services panel of the dashboard (issue 14 item 6): facilities serving by
kind, the circle's coverage of the user's area at the latest measurement, meals served
and subsidised this month. Counts and sums only (never a person)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Count, OuterRef, Subquery, Sum

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
from minzheng.elderly.models import (
    CoverageFigure,
    CoverageRun,
    EventKind,
    Facility,
    FacilityEvent,
    FacilityKind,
    FacilitySubsidy,
    MealRecord,
    Settlement,
)
from minzheng.elderly.selectors import latest_run_for

CITY = "320300"


def _coverage(v: PanelValues) -> str:
    """The circle's coverage of people 60+ in the area at the latest measurement that
    covers it (stored per area by the measurement itself)."""
    run = latest_run_for(v.prefix)
    if run is None:
        return "尚未测算"
    code = v.area if len(v.area) >= 6 else CITY
    figure = CoverageFigure.objects.filter(
        run=run, area_code=code, kind="any", group="aged60"
    ).first()
    if figure is None or not figure.elderly:
        return "—"
    return f"{100 * figure.covered / figure.elderly:.1f}%（{run.measured_on:%Y-%m-%d}测算）"


def _panel_numbers(today: dt.date, now: dt.datetime) -> PanelRows:
    """Facilities serving by kind, where they stand; this month's subsidised meals and
    their subsidy, where the canteen stands."""
    serving = Facility.objects.filter(status="open")
    yield from by_area(serving, key="elderly", category="kind", facilities=Count("id"))
    meals = MealRecord.objects.filter(served_on__gte=today.replace(day=1))
    yield from by_area(
        meals, key="elderly", area="canteen__area_id", meals=Count("id"), subsidy=Sum("subsidy")
    )


def _show(v: PanelValues) -> list[Figure]:
    first = v.as_of.replace(day=1)
    subsidy = v["elderly.subsidy"].quantize(Decimal("0.01"))
    return [
        *(
            Figure(f"{label}（个）", v.count(f"elderly.facilities.{code}"))
            for code, label in FacilityKind.choices
        ),
        Figure("60周岁以上老人在15分钟服务圈内", _coverage(v)),
        Figure(f"{first:%m}月补贴助餐（餐）", f"{int(v['elderly.meals']):,}"),
        Figure(f"{first:%m}月助餐补贴（元）", str(subsidy)),
    ]


PANEL = DashboardPanel("elderly", "养老服务", _panel_numbers, _show)


# Monthly series of the leaders' dashboards (issue 14 item 7, issue 15 item 2;
# docs/dashboards.md): facilities serving by kind, the 15-minute circle's coverage of
# people 60+, subsidised meals by category, and elderly-care funds paid by programme.
GROUP = "养老服务"


def _facilities(first: dt.date, last: dt.date) -> SeriesRows:
    """Facilities open (opened and not yet closed) in each month, by kind, where they
    stand. A suspension does not end the stock: the facility is still in the network."""
    closed = FacilityEvent.objects.filter(facility=OuterRef("pk"), kind=EventKind.CLOSED)
    rows = Facility.objects.annotate(closed_on=Subquery(closed.order_by("on").values("on")[:1]))
    return in_force_by_month(
        rows,
        months=months_between(first, last),
        area="area_id",
        starts="opened_on",
        ends="closed_on",
        value=Count("id"),
        category="kind",
    )


def _meals(first: dt.date, last: dt.date) -> SeriesRows:
    rows = MealRecord.objects.filter(served_on__gte=first, served_on__lt=_after(last))
    return grouped_by_month(
        rows, area="canteen__area_id", month="served_on", value=Count("id"), category="category"
    )


def _meal_subsidy(first: dt.date, last: dt.date) -> SeriesRows:
    rows = MealRecord.objects.filter(served_on__gte=first, served_on__lt=_after(last))
    return grouped_by_month(rows, area="canteen__area_id", month="served_on", value=Sum("subsidy"))


def _funds_paid(first: dt.date, last: dt.date) -> SeriesRows:
    """What the bank confirmed (payable paid, D13.3) by the month paid for, where the
    facility stands, by programme (meal subsidy, operating, construction)."""
    settled = Settlement.objects.filter(payable__status="paid", month__gte=first, month__lte=last)
    granted = FacilitySubsidy.objects.filter(
        payable__status="paid", month__gte=first, month__lte=last
    )
    yield from grouped_by_month(
        settled,
        area="canteen__area_id",
        month="month",
        value=Sum("payable__amount"),
        category="payable__programme",
    )
    yield from grouped_by_month(
        granted,
        area="facility__area_id",
        month="month",
        value=Sum("payable__amount"),
        category="payable__programme",
    )


def _coverage_series(field: str) -> Callable[[dt.date, dt.date], SeriesRows]:
    """People 60+ (or those of them within the circle of any facility) per community, as
    measured by the latest measurement up to the month's end that covers the community
    (a month before any measurement has no value)."""

    def compute(first: dt.date, last: dt.date) -> SeriesRows:
        runs = list(CoverageRun.objects.order_by("-measured_on", "-id"))
        for month in months_between(first, last):
            seen: set[str] = set()
            for run in (r for r in runs if r.measured_on < _after(month)):
                figures = CoverageFigure.objects.filter(
                    run=run, level="community", kind="any", group="aged60"
                ).values_list("area_code", field)
                for code, value in figures:
                    if code not in seen:
                        seen.add(code)
                        yield code, month, "", Decimal(value)

    return compute


def _after(month: dt.date) -> dt.date:
    return month_start(month + dt.timedelta(days=32))


SERIES: tuple[DashboardSeries | DashboardRatio, ...] = (
    DashboardSeries(
        "elderly.facilities",
        "养老服务设施",
        "个",
        _facilities,
        group=GROUP,
        stock=True,
        categories="elderly_facility_kind",
    ),
    DashboardSeries(
        "elderly.aged60",
        "60周岁以上老人",
        "人",
        _coverage_series("elderly"),
        group="15分钟养老服务圈",
        stock=True,
    ),
    DashboardSeries(
        "elderly.aged60_covered",
        "服务圈内60周岁以上老人",
        "人",
        _coverage_series("covered"),
        group="15分钟养老服务圈",
        stock=True,
    ),
    DashboardRatio(
        "elderly.coverage_rate",
        "15分钟养老服务圈覆盖率",
        "elderly.aged60_covered",
        "elderly.aged60",
        group="15分钟养老服务圈",
    ),
    DashboardSeries(
        "elderly.meals",
        "补贴助餐",
        "餐",
        _meals,
        group="老年助餐",
        categories="meal_subsidy_category",
    ),
    DashboardSeries("elderly.meal_subsidy", "助餐补贴", "元", _meal_subsidy, group="老年助餐"),
    DashboardSeries(
        "elderly.funds_paid",
        "养老服务资金到账",
        "元",
        _funds_paid,
        group="养老服务资金",
        categories="institutional_programme",
    ),
)
