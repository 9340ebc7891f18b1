"""The leader's money view: approved monthly amounts of enrolments in force in a month,
by county and programme, beside the same month a year before (D1.8, D1.16, D1.18).

Until payments are recorded these are the amounts approved per month (核定月保障金额),
not money paid out: the page says so. The amount of an enrolment in a month is the one
its latest change effective by that month set (reviews adjust it, D1.16)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from minzheng.assistance.entitlements import amount_in, in_force
from minzheng.assistance.models import Programme
from minzheng.core.selectors import area_names

COUNTY_DIGITS = 6


@dataclass
class Cell:
    households: int = 0
    people: int = 0
    amount: Decimal = Decimal("0.00")

    def add(self, people: int, amount: Decimal) -> None:
        self.households += 1
        self.people += people
        self.amount += amount


@dataclass(frozen=True)
class MoneyRow:
    county: str
    programme: str
    this_month: Cell
    last_year: Cell

    @property
    def change(self) -> Decimal | None:
        """Change of the amount against the same month last year, per cent."""
        if not self.last_year.amount:
            return None
        ratio = (self.this_month.amount - self.last_year.amount) * 100 / self.last_year.amount
        return ratio.quantize(Decimal("0.1"))


@dataclass(frozen=True)
class MoneyView:
    month: dt.date
    last_year_month: dt.date
    rows: list[MoneyRow]
    total: Cell = field(default_factory=Cell)
    total_last_year: Cell = field(default_factory=Cell)


def same_month_last_year(month: dt.date) -> dt.date:
    return month.replace(year=month.year - 1)


def _cells(prefix: str, month: dt.date) -> dict[tuple[str, str], Cell]:
    cells: dict[tuple[str, str], Cell] = defaultdict(Cell)
    for enrolment in in_force(prefix, month):
        key = (enrolment.household.area_id[:COUNTY_DIGITS], enrolment.programme)
        cells[key].add(enrolment.covered_members, amount_in(enrolment, month))
    return cells


def money_view(prefix: str, month: dt.date) -> MoneyView:
    """Every (county, programme) with enrolments in force in `month` or a year before."""
    month = month.replace(day=1)
    before = same_month_last_year(month)
    now, then = _cells(prefix, month), _cells(prefix, before)
    names = area_names({county for county, _ in (*now, *then)})
    labels = dict(Programme.choices)
    view = MoneyView(month, before, [])
    for key in sorted({*now, *then}):
        county, programme = key
        row = MoneyRow(
            names.get(county, "—"), str(labels.get(programme, "其他")), now[key], then[key]
        )
        view.rows.append(row)
        for total, cell in ((view.total, row.this_month), (view.total_last_year, row.last_year)):
            total.households += cell.households
            total.people += cell.people
            total.amount += cell.amount
    return view
