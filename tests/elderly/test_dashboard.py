"""The elderly domain's dashboard series (`elderly.dashboard`, issue 14, issue 15 item 2):
rows per community and month counted by hand — facilities by kind, subsidised meals by
group, the meal subsidy, funds paid once the bank confirms, and the 15-minute circle's
coverage from the latest measurement by each month's end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from minzheng.core.extensions import dashboard_series
from minzheng.elderly.models import CoverageFigure, CoverageRun
from minzheng.payments.payables import payable_act
from tests.elderly.factories import MARCH, approved_settlement, clerk, make_facility
from tests.factories import AREAS


def test_the_dashboard_series_count_by_hand(users):
    """Series rows per community and month: the canteen and the station open in March
    (2 facilities, by kind), 3 subsidised meals (2 aged, 1 disabled) worth 10.00, and the
    settlement's 10.00 paid once the bank confirms it."""
    series = {s.key: s for s in dashboard_series()}
    settlement = approved_settlement(users)
    make_facility(AREAS["community_a1"], opened_on=dt.date(2026, 3, 15))
    payable = settlement.payable
    payable_act(actor=users["county"], payable=payable, action="send")

    def rows(key):
        return sorted(series[key].compute(MARCH, MARCH))

    a1 = AREAS["community_a1"]
    assert rows("elderly.facilities") == [
        (a1, MARCH, "canteen", Decimal(1)),
        (a1, MARCH, "station", Decimal(1)),
    ]
    assert rows("elderly.meals") == [
        (a1, MARCH, "aged", Decimal(2)),
        (a1, MARCH, "disabled", Decimal(1)),
    ]
    assert rows("elderly.meal_subsidy") == [(a1, MARCH, "", Decimal("10.00"))]
    assert rows("elderly.funds_paid") == []  # sent, not yet confirmed by the bank
    payable_act(actor=users["county"], payable=payable, action="confirm_paid")
    assert rows("elderly.funds_paid") == [(a1, MARCH, "elderly_meal_subsidy", Decimal("10.00"))]


def test_the_coverage_series_take_the_latest_measurement_by_the_months_end(users):
    series = {s.key: s for s in dashboard_series()}

    def run(day, elderly, covered):
        r = CoverageRun.objects.create(
            area_prefix="3203",
            measured_on=day,
            walk_distance_m=1000,
            detour_factor=Decimal("1.30"),
            homes=1,
            facilities=1,
            created_by=clerk(),
        )
        CoverageFigure.objects.create(
            run=r,
            level="community",
            area_code=AREAS["community_a1"],
            kind="any",
            group="aged60",
            elderly=elderly,
            covered=covered,
        )

    run(dt.date(2026, 2, 10), 10, 4)
    run(dt.date(2026, 3, 31), 10, 7)  # the last day of March counts for March
    a1, jan, feb = AREAS["community_a1"], dt.date(2026, 1, 1), dt.date(2026, 2, 1)
    assert sorted(series["elderly.aged60_covered"].compute(jan, MARCH)) == [
        (a1, feb, "", Decimal(4)),
        (a1, MARCH, "", Decimal(7)),
    ]  # January: nothing measured yet
    assert sorted(series["elderly.aged60"].compute(MARCH, MARCH)) == [(a1, MARCH, "", Decimal(10))]
