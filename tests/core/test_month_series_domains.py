"""The domains' monthly series (issue 15 item 2), each counted by hand from the rows the
test writes: money paid by the month paid for (D13.3), leads opened and closed by
outcome, screening visits as person-times (D12)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from minzheng.core.figures import area_month_figures_refresh
from minzheng.core.models import AreaMonthFigure, User
from minzheng.payments.models import LedgerEntry
from minzheng.screening.models import Visit
from minzheng.warning.models import Lead
from tests.factories import AREAS, make_household
from tests.payments.matrix import payments_place
from tests.screening.matrix import screening_place

pytestmark = pytest.mark.django_db
FIRST, LAST = dt.date(2025, 12, 1), dt.date(2026, 11, 1)
TZ = timezone.get_fixed_timezone(8 * 60)  # Beijing time


def _value(area: str, series: str, month: dt.date, category: str = "") -> Decimal | None:
    row = AreaMonthFigure.objects.filter(
        area_id=area, series=series, month=month, category=category
    ).first()
    return None if row is None else row.value


def test_paid_money_by_the_month_paid_for(areas):
    # payments_place: an orphan line of 613.00, for January 2026 in community a1 and
    # April 2026 in a3 (the matrix's month per community).
    for code in (AREAS["community_a1"], AREAS["community_a3"]):
        place = payments_place(code)
        for kind in ("issued", "paid"):  # only what reached the account counts
            LedgerEntry.objects.create(
                kind=kind,
                amount=Decimal("613.00"),
                programme="orphan",
                area_id=code[:6],
                cycle=place.cycle,
                line=place.line,
            )
    area_month_figures_refresh(first=FIRST, last=LAST)
    jan, apr = dt.date(2026, 1, 1), dt.date(2026, 4, 1)
    assert _value(AREAS["county_a"], "payments.paid", jan) == Decimal("613.00")
    assert _value(AREAS["county_a"], "payments.paid", apr, "orphan") == Decimal("613.00")
    assert _value(AREAS["city"], "payments.paid", jan) == Decimal("613.00")


def _lead(area: str, n: int, created: dt.datetime, closed: dt.datetime | None, outcome: str):
    lead = Lead.objects.create(
        status="open",
        area_id=area,
        rule_id="W001",
        rule_title="测试",
        severity="high",
        period="2026-08",
        run_id=f"r{n}",
        id_number=f"{n:018d}",
        evidence="测试",
        outcome=outcome,
    )
    # Closed without walking the workflow: only the dates and outcome matter here.
    Lead.objects.filter(pk=lead.pk).update(
        created_at=created, status_changed_at=closed, status="closed" if closed else "open"
    )


def test_leads_by_the_month_opened_and_closed_in_beijing_time(areas):
    a1 = AREAS["community_a1"]
    # 31 August 23:30 in Beijing is 15:30 UTC: an August lead, closed in September.
    _lead(
        a1,
        1,
        dt.datetime(2026, 8, 31, 23, 30, tzinfo=TZ),
        dt.datetime(2026, 9, 2, 10, 0, tzinfo=TZ),
        "apply",
    )
    _lead(
        a1,
        2,
        dt.datetime(2026, 9, 1, 0, 30, tzinfo=TZ),
        dt.datetime(2026, 9, 20, 10, 0, tzinfo=TZ),
        "no_need",
    )
    _lead(a1, 3, dt.datetime(2026, 9, 5, 9, 0, tzinfo=TZ), None, "")
    area_month_figures_refresh(first=FIRST, last=LAST)
    aug, sep = dt.date(2026, 8, 1), dt.date(2026, 9, 1)
    assert _value(a1, "warning.leads", aug) == 1
    assert _value(a1, "warning.leads", sep) == 2
    assert _value(AREAS["county_a"], "warning.closed", sep) == 2
    assert _value(AREAS["county_a"], "warning.closed", sep, "apply") == 1
    assert _value(AREAS["county_a"], "warning.closed", sep, "no_need") == 1


def test_screening_visits_are_person_times(areas):
    a1 = AREAS["community_a1"]
    place = screening_place(a1, make_household(a1, size=2))
    visitor = User.objects.get(username="screening_organiser")
    for day, outcome in (
        (dt.date(2026, 6, 3), "no_difficulty"),
        (dt.date(2026, 6, 30), "identified_for_assistance"),  # the same household again
        (dt.date(2026, 7, 1), "no_difficulty"),
    ):
        Visit.objects.create(
            target=place.target,
            round=place.round,
            visited_on=day,
            visitor=visitor,
            method="home",
            situation="测试",
            outcome=outcome,
        )
    area_month_figures_refresh(first=FIRST, last=LAST)
    jun, jul = dt.date(2026, 6, 1), dt.date(2026, 7, 1)
    assert _value(AREAS["township_a"], "screening.visits", jun) == 2
    assert _value(AREAS["township_a"], "screening.visits", jun, "no_difficulty") == 1
    assert _value(AREAS["city"], "screening.visits", jul) == 1
