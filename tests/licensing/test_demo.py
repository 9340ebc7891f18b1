"""The licensing demo seeder: applications at every step in 鼓楼区, made once, nothing
without the demo users. "Today" is fixed (a Wednesday of 2026)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minzheng.licensing.demo import seed_demo
from minzheng.licensing.models import LicenceApplication
from tests.factories import AREAS, make_user

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 18)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def test_nothing_without_the_demo_users(areas):
    assert seed_demo(seed=1, residents=10) == ""
    assert not LicenceApplication.objects.exists()


def test_every_step_once(areas):
    make_user("county", "county_approver", AREAS["county_a"])
    make_user("county2", "county_approver", AREAS["county_a"])
    assert "含中止计时、延期各1件" in seed_demo(seed=1, residents=10)
    states = sorted(LicenceApplication.objects.values_list("status", flat=True))
    assert states == sorted(
        [
            "received",
            "correction",
            "accepted",
            "accepted",
            "paused",
            "accepted",
            "delivered",
            "refused",
        ]
    )
    assert LicenceApplication.objects.filter(deemed_accepted=True).count() == 1
    assert LicenceApplication.objects.filter(extension_days=10).count() == 1
    late = LicenceApplication.objects.get(status="refused")
    assert (late.within_statutory, late.within_promised) == (False, False)  # 21 working days
    assert seed_demo(seed=1, residents=10) == ""  # idempotent
    assert LicenceApplication.objects.count() == 8
