"""The elderly-services panel of the dashboard (issue 14 item 6): facilities serving by
kind, the circle's coverage of the user's area at the latest measurement, meals served
and subsidised this month. Counts and sums only (never a person)."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.utils import timezone

from minzheng.core.extensions import Figure
from minzheng.core.models import User
from minzheng.elderly.models import CoverageFigure, Facility, FacilityKind, MealRecord
from minzheng.elderly.selectors import latest_run

CITY = "320300"


def _coverage(user: User) -> str:
    run = latest_run(user)
    if run is None:
        return "尚未测算"
    code = user.area_id if user.area_id and len(user.area_id) >= 6 else CITY
    figure = CoverageFigure.objects.filter(
        run=run, area_code=code, kind="any", group="aged60"
    ).first()
    if figure is None or not figure.elderly:
        return "—"
    return f"{100 * figure.covered / figure.elderly:.1f}%（{run.measured_on:%Y-%m-%d}测算）"


def elderly_panel(user: User) -> tuple[str, list[Figure]]:
    prefix = user.scope_prefix
    serving = Facility.objects.within_prefix(prefix).filter(status="open")
    counts = dict(serving.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    first = timezone.localdate().replace(day=1)
    meals = MealRecord.objects.within_prefix(prefix).filter(served_on__gte=first)
    served = meals.aggregate(n=Count("id"), total=Sum("subsidy"))
    figures = [
        Figure(f"{label}（个）", str(counts.get(code, 0))) for code, label in FacilityKind.choices
    ]
    figures += [
        Figure("60周岁以上老人在15分钟服务圈内", _coverage(user)),
        Figure(f"{first:%m}月补贴助餐（餐）", f"{served['n']:,}"),
        Figure(f"{first:%m}月助餐补贴（元）", str(served["total"] or "0.00")),
    ]
    return "养老服务", figures
