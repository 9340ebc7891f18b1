"""On-time rates per item and per period (D15.3): counts of decisions and of those
made within each clock, from the flags fixed at decision time. Figures only, never a
person: the dashboard and the rates page show them to county, city and leaders."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth

from minzheng.licensing.items import all_items
from minzheng.licensing.models import LicenceApplication


@dataclass(frozen=True)
class Rate:
    item: str  # the item's Chinese name, or 合计
    month: int | None  # None: the whole year
    decided: int
    within_statutory: int
    within_promised: int

    @staticmethod
    def percent(part: int, whole: int) -> str:
        if not whole:
            return "—"
        share = (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return f"{share}%"

    @property
    def statutory_rate(self) -> str:
        return self.percent(self.within_statutory, self.decided)

    @property
    def promised_rate(self) -> str:
        return self.percent(self.within_promised, self.decided)


_SUMS = {
    "decided": Count("id"),
    "statutory": Count("id", filter=Q(within_statutory=True)),
    "promised": Count("id", filter=Q(within_promised=True)),
}


def on_time_rates(prefix: str, year: int) -> tuple[list[Rate], list[Rate], Rate]:
    """(per item for the year, per month for all items, the year's total) in the area."""
    decided = LicenceApplication.objects.within_prefix(prefix).filter(decided_on__year=year)
    names = {code: i.name for code, i in all_items().items()}
    by_item = [
        Rate(
            names.get(r["item_code"], r["item_code"]),
            None,
            r["decided"],
            r["statutory"],
            r["promised"],
        )
        for r in decided.values("item_code").annotate(**_SUMS).order_by("item_code")
    ]
    by_month = [
        Rate("合计", r["m"], r["decided"], r["statutory"], r["promised"])
        for r in decided.annotate(m=ExtractMonth("decided_on"))
        .values("m")
        .annotate(**_SUMS)
        .order_by("m")
    ]
    total = decided.aggregate(**_SUMS)
    return (
        by_item,
        by_month,
        Rate("合计", None, total["decided"], total["statutory"], total["promised"]),
    )
