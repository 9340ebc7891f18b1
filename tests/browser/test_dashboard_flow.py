"""A leader opens the dashboard, sees a chart and the county map drawn, and drills down
from the city to a community (issue 15 item 2): by the map's table links, which are the
same addresses a click on the map loads."""

import datetime as dt
from decimal import Decimal

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.assistance.models import Enrolment
from minzheng.core.models import Area
from tests.assistance.enrolments import make_case
from tests.browser.conftest import follow, login, patient, screenshot
from tests.factories import AREAS, PASSWORD

CHART = "[data-chart][data-drawn] canvas"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _enrolled(area: str) -> None:
    app = make_case(area, "dibao", dt.date(2026, 1, 5))
    Enrolment.objects.create(
        household=app.household,
        programme="dibao",
        application=app,
        starts_on=dt.date(2026, 2, 1),
        monthly_amount=Decimal("600.00"),
        covered_members=2,
        next_review_on=dt.date(2027, 2, 1),
    )


def test_leader_sees_charts_and_the_map_and_drills_down_to_a_community(
    browser, live_server, users
):
    _enrolled(AREAS["community_a1"])
    wait = patient(browser, timeout=20)
    login(browser, live_server.url, "zhou_leader", PASSWORD)
    follow(browser, "领导看板")
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), "徐州市"))
    # A chart and the map are drawn (ECharts' canvas inside each).
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, CHART)))
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#county-map[data-drawn] canvas")))
    # Hovering draws the tooltips; under the strict policy nothing is refused (no
    # inline style, no eval: docs/dashboards.md).
    for target in browser.find_elements(By.CSS_SELECTOR, "[data-drawn] canvas")[:3]:
        ActionChains(browser).move_to_element(target).perform()
    console = [entry["message"] for entry in browser.get_log("browser")]
    assert [m for m in console if "Content Security Policy" in m] == []
    screenshot(browser, "dashboard_city")

    county, township = (Area.objects.get(code=AREAS[k]).name for k in ("county_a", "township_a"))
    community = Area.objects.get(code=AREAS["community_a1"]).name
    for name in (county, township, community):
        follow(browser, name)
        wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), name))
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, CHART)))
    assert browser.find_elements(By.ID, "county-map") == []  # the map is the city's
    crumbs = browser.find_element(By.CSS_SELECTOR, "nav.crumbs").text
    assert crumbs.split(" › ") == ["徐州市", county, township, community]
    screenshot(browser, "dashboard_community")
