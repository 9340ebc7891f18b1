"""The elderly demo seeder on a small synthetic city: the article's 1,952 facilities
(D12) inside the database's communities, a point for every home, one city-wide
measurement; made once, nothing without the demo users."""

from __future__ import annotations

import pytest

from minzheng.core.models import Household
from minzheng.demo.city import load_demo_city
from minzheng.demo.users import ensure_demo_users
from minzheng.elderly.demo import seed_demo
from minzheng.elderly.models import CoverageRun, Facility, FacilityEvent, HomePoint, MealRecord

pytestmark = pytest.mark.django_db


def test_the_demo_city_gets_its_facilities_points_and_a_measurement():
    load_demo_city(seed=20260101, residents=2_000)
    assert seed_demo(seed=20260101) == ""  # no demo users yet
    ensure_demo_users()
    line = seed_demo(seed=20260101)
    assert Facility.objects.count() == 1952
    assert FacilityEvent.objects.filter(kind="opened").count() == 1952
    hubs = Facility.objects.filter(kind="service_centre")
    assert not hubs.filter(parent__isnull=False).exists()
    satellites = Facility.objects.filter(parent__isnull=False)
    assert all(s.parent.area_id[:9] == s.area_id[:9] for s in satellites.select_related("parent"))
    assert HomePoint.objects.count() == Household.objects.count()
    run = CoverageRun.objects.get()
    assert run.area_prefix == "3203" and run.facilities == 1952 and run.homes > 0
    assert f"助餐{MealRecord.objects.count()}餐" in line
    assert seed_demo(seed=20260101) == ""  # once
