"""The 15-minute circle map in a browser (issue 14 item 4): offline ECharts draws the
ten county outlines served by the site and the facility as a point of its kind; the
table drills down from the city to a county's townships."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.core.models import Area
from minzheng.elderly.models import HomePoint
from minzheng.elderly.services.coverage import coverage_measure
from tests.browser.conftest import follow, login, patient
from tests.elderly.factories import POINT, make_facility, seed_settings
from tests.factories import AREAS, PASSWORD, PersonFactory, make_household, new_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _drawn(browser) -> tuple[str, str]:
    box = browser.find_element(By.ID, "coverage-map")
    return box.get_attribute("data-counties") or "", box.get_attribute("data-facilities") or ""


def test_the_map_shows_the_counties_and_a_facility(browser, live_server, users):
    seed_settings()
    make_facility(AREAS["community_a1"], name="黄楼养老服务站")
    household = make_household(AREAS["community_a1"], size=1)
    elder = PersonFactory(id_number=new_id_number(dt.date(1945, 1, 1)))
    household.memberships.create(person=elder, relation="parent", valid_from=dt.date(2020, 1, 1))
    lon, lat = POINT["320302"]
    HomePoint.objects.create(household=household, longitude=Decimal(lon), latitude=Decimal(lat))
    coverage_measure(actor=users["city"], area=Area.objects.get(code=AREAS["city"]))

    base = live_server.url
    login(browser, base, "zhou_leader", PASSWORD)
    browser.get(f"{base}/elderly/map/")
    patient(browser, timeout=20).until(lambda d: all(_drawn(d)))
    assert _drawn(browser) == ("10", "1")
    svg = patient(browser).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "#coverage-map svg"))
    )
    patient(browser).until(
        lambda d: "鼓楼区" in svg.text or "鼓楼区" in d.find_element(By.ID, "coverage-map").text
    )
    assert "社区养老服务站（1）" in browser.find_element(By.ID, "coverage-map").text
    follow(browser, "鼓楼区")
    table = patient(browser).until(ec.presence_of_element_located((By.ID, "drill")))
    assert "黄楼街道" in table.text and "100.0%" in table.text
