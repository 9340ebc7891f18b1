"""The legal-education demo seeder: made once, nothing without the demo users; its
totals counted by hand (12,000 + 2 + 2 + 86 people)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minzheng.legaledu.demo import seed_demo
from minzheng.legaledu.models import Activity
from minzheng.legaledu.totals import totals
from tests.factories import AREAS, make_user

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 18)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def test_nothing_without_the_demo_users(areas):
    assert seed_demo(seed=1, residents=10) == "" and not Activity.objects.exists()


def test_once_with_the_figures_of_the_article(areas):
    make_user("township", "township_reviewer", AREAS["township_a"])
    make_user("county", "county_approver", AREAS["county_a"])
    make_user("caseworker", "caseworker", AREAS["community_a1"])
    assert "12000人" in seed_demo(seed=1, residents=10)
    t = totals("320302", 2026)
    # 12,000 at the fair + 2 named staff twice + 86 at the lecture.
    assert (t.activities, t.participants, t.fair_participants) == (4, 12_090, 12_000)
    # The street planned 2 sessions and held 2 (done); the county planned 4, held none.
    assert (t.plans, t.plans_done) == (2, 1)
    assert seed_demo(seed=1, residents=10) == ""
