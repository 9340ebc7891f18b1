"""The benefits' monthly series and panel (issue 19 item 5; docs/dashboards.md), counted
by hand: the head of the family is granted on 2026-03-20 the living subsidy 234.00 and
the care subsidy 130.00 from March (D4.3, D4.5); March's payroll computes 234.00 for
the living subsidy. February has nobody; March and April two recipients, in the
community and every area above it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.core.figures import area_month_figures_refresh
from minzheng.core.models import AreaMonthFigure
from minzheng.core.panel_figures import area_panel_figures_refresh
from tests.benefits.helpers import act, receive, to_reviewed
from tests.benefits.test_payroll import _card, _lines
from tests.core.panels import at_noon, panel
from tests.factories import AREAS

pytestmark = pytest.mark.django_db
D = dt.date


def _value(area: str, series: str, month: dt.date, category: str = "") -> Decimal | None:
    row = AreaMonthFigure.objects.filter(
        area_id=area, series=series, month=month, category=category
    ).first()
    return None if row is None else row.value


def test_recipients_and_amounts_by_area_and_month(family, users, reviewer) -> None:
    act(
        to_reviewed(receive(users["caseworker"], family), users, reviewer),
        "decide",
        users["county"],
    )
    _card(users["county"], family.head)
    _lines(users["county"], "disability_living_subsidy", D(2026, 3, 1))
    area_month_figures_refresh(first=D(2026, 2, 1), last=D(2026, 4, 1))
    for area in (AREAS["community_a1"], AREAS["township_a"], AREAS["county_a"], AREAS["city"]):
        assert _value(area, "benefits.recipients", D(2026, 2, 1)) is None
        assert _value(area, "benefits.recipients", D(2026, 3, 1)) == 2
        assert _value(area, "benefits.recipients", D(2026, 4, 1)) == 2
        assert _value(area, "benefits.recipients", D(2026, 3, 1), "disability_care_subsidy") == 1
        assert _value(area, "benefits.payable", D(2026, 3, 1)) == Decimal("234.00")
    assert _value(AREAS["county_b"], "benefits.recipients", D(2026, 3, 1)) is None


def test_the_panel_counts_this_month_in_the_viewers_area(family, users, reviewer) -> None:
    act(
        to_reviewed(receive(users["caseworker"], family), users, reviewer),
        "decide",
        users["county"],
    )
    area_panel_figures_refresh(now=at_noon(D(2026, 3, 25)))
    shown = panel(AREAS["county_a"], "残疾人与老年人补贴")
    assert shown["困难残疾人生活补贴（人）"] == "1"
    assert shown["高龄津贴（人）"] == "0"
    assert shown["3月应发金额（元）"] == "0.00"  # no payroll computed for March yet
    assert panel(AREAS["county_b"], "残疾人与老年人补贴")["困难残疾人生活补贴（人）"] == "0"
