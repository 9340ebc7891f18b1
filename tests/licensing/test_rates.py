"""On-time rates per item and per month (D15.3), counted by hand from decisions the test
makes, and the dashboard panel (figures only)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from minzheng.licensing import services
from minzheng.licensing.rates import on_time_rates
from tests.licensing.conftest import accepted

pytestmark = pytest.mark.django_db
D = dt.date


def _decide(user, on_accept: dt.date, on_decide: dt.date, outcome: str = "granted") -> None:
    a = accepted(user, on_accept)
    services.decision_make(
        actor=user, application=a, outcome=outcome, reason="依法", today=on_decide
    )


def test_rates_per_item_and_month(users, limits):
    county = users["county"]
    # Accepted Tue 22 Sep: promised due 13 Oct, statutory due 27 Oct (test_clocks.py).
    _decide(county, D(2026, 9, 22), D(2026, 10, 13))  # on the promised day: both on time
    _decide(county, D(2026, 9, 22), D(2026, 10, 14))  # late on the promise only
    _decide(county, D(2026, 9, 22), D(2026, 10, 28), "refused")  # late on both
    # Accepted Mon 2 Nov: promised 16 Nov (3,4,5,6,9,10,11,12,13,16); decided 5 Nov.
    _decide(county, D(2026, 11, 2), D(2026, 11, 5))
    by_item, by_month, total = on_time_rates("320302", 2026)
    # 4 decided; statutory on time 3 (all but the 28 Oct one); promised on time 2.
    assert (total.decided, total.within_statutory, total.within_promised) == (4, 3, 2)
    assert (total.statutory_rate, total.promised_rate) == ("75.0%", "50.0%")
    assert [(r.item, r.decided) for r in by_item] == [("养老机构备案", 4)]
    assert [(r.month, r.decided, r.within_statutory, r.within_promised) for r in by_month] == [
        (10, 3, 2, 1),
        (11, 1, 1, 1),
    ]
    assert on_time_rates("320303", 2026)[2].decided == 0  # 云龙区 decided nothing
    assert on_time_rates("320302", 2025)[2].statutory_rate == "—"


def test_dashboard_and_rates_page_show_figures_to_the_leader(users, limits, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 11, 20))
    _decide(users["county"], D(2026, 9, 22), D(2026, 10, 14))
    leader = Client()
    leader.force_login(users["leader"])
    page = leader.get("/licensing/rates/", {"year": 2026}).content.decode()
    assert "办结 1 件；法定时限内办结率 100.0%；承诺时限内办结率 0.0%" in page
    assert "徐州市颐和养老院" not in page  # no applicant on a figures page
    dashboard = leader.get("/dashboard/").content.decode()
    assert "法定时限内办结率" in dashboard and "100.0%" in dashboard
    assert leader.get("/licensing/").status_code == 403  # the leader sees no applications
