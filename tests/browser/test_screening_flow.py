"""A screening campaign through the browser: a township reviewer creates and populates
a campaign for elderly people living alone, opens a round and starts it; a caseworker
visits the household and places it under tracked help; the campaign page then shows
full coverage and the key household (D5.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.core import idnumber
from minzheng.core.models import CalendarYear, Household, HouseholdMembership, Person
from minzheng.screening.models import Campaign, KeyHousehold
from tests.browser.conftest import fill, follow, login, patient, screenshot, submit_and_wait
from tests.factories import AREAS, PASSWORD, make_household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def elderly_alone(users) -> Household:
    """An 82-year-old living alone in community_a1, next to a family of three."""
    # A round started late in the year ends in the next, which chinesecalendar may not
    # know yet; the administrator declares it (D11.3).
    CalendarYear.objects.create(year=timezone.localdate().year + 1, source="测试：次年放假安排")
    make_household(size=3)
    born = timezone.localdate().replace(year=timezone.localdate().year - 82, day=1)
    elder = Person.objects.create(
        id_number=idnumber.make("320302", born, 26), name="孙桂兰", area_id=AREAS["community_a1"]
    )
    household = Household.objects.create(
        number="HL-0001", area_id=AREAS["community_a1"], address="黄楼小区3栋", head=elder
    )
    HouseholdMembership.objects.create(
        household=household, person=elder, relation="head", valid_from=dt.date(2010, 1, 1)
    )
    return household


def _click(browser, xpath: str) -> None:
    """Click a button that reloads the page, and wait for the new page."""
    submit_and_wait(browser, browser.find_element(By.XPATH, xpath))


def _create_and_start(browser, base: str, today: dt.date) -> Campaign:
    login(browser, base, "li_township", PASSWORD)
    browser.get(f"{base}/screening/")
    follow(browser, "新建排查活动")
    fill(browser, "name", "独居高龄老人冬季走访")
    fill(browser, "area_code", AREAS["township_a"])
    fill(browser, "layer", "独居老人")
    fill(browser, "area_codes", AREAS["community_a1"])
    fill(browser, "living_alone_min_age", "80")
    browser.find_element(By.XPATH, "//button[contains(., '保存')]").click()
    patient(browser).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), "独居高龄老人冬季走访")
    )
    _click(browser, "//button[contains(., '生成名单')]")
    assert browser.find_element(By.ID, "figure-targets").text == "1"
    fill(browser, "starts_on", today.isoformat())
    fill(browser, "working_days", "10")
    _click(browser, "//button[contains(., '安排轮次')]")
    _click(browser, "//button[contains(., '启动排查')]")
    assert browser.find_element(By.ID, "campaign-status").text == "排查中"
    return Campaign.objects.get()


def _visit_and_place(browser, base: str, today: dt.date, household: Household) -> None:
    login(browser, base, "wang_caseworker", PASSWORD)
    browser.get(f"{base}/screening/targets/")
    row = browser.find_element(By.XPATH, f"//tr[td/a[text()='{household.number}']]")
    assert "待走访" in row.text
    row.find_element(By.LINK_TEXT, "走访登记").click()  # htmx loads the form below the row
    patient(browser).until(ec.presence_of_element_located((By.NAME, "outcome")))
    fill(browser, "visited_on", today.isoformat())
    fill(browser, "method", "home")
    fill(browser, "situation", "老人独居，腿脚不便，冬季取暖困难，子女在外地")
    fill(browser, "outcome", "placed_under_tracked_help")
    fill(browser, "reason", "独居高龄，取暖困难")
    fill(browser, "help_plan", "每月上门探访一次；协调助餐和冬季取暖补助")
    fill(browser, "next_follow_up_on", (today + dt.timedelta(days=30)).isoformat())
    _click(browser, "//button[contains(., '保存走访记录')]")
    patient(browser).until(ec.text_to_be_present_in_element((By.ID, "messages"), "已保存走访记录"))
    row = browser.find_element(By.XPATH, f"//tr[td/a[text()='{household.number}']]")
    assert "已走访" in row.text
    screenshot(browser, "screening_targets_visited")


def test_a_campaign_from_creation_to_a_key_household(browser, live_server, users, elderly_alone):
    base, today = live_server.url, timezone.localdate()
    campaign = _create_and_start(browser, base, today)
    _visit_and_place(browser, base, today, elderly_alone)

    login(browser, base, "li_township", PASSWORD)
    browser.get(f"{base}/screening/campaigns/{campaign.pk}/")
    assert browser.find_element(By.ID, "figure-coverage").text == "1 / 100.0%"
    assert browser.find_element(By.ID, "figure-person-times").text == "1"
    assert browser.find_element(By.ID, "figure-placed").text == "1"
    rounds = browser.find_element(By.ID, "rounds").text
    assert "第1轮" in rounds and "100.0%" in rounds
    key_households = browser.find_element(By.ID, "key-households").text
    assert elderly_alone.number in key_households and "独居高龄，取暖困难" in key_households
    screenshot(browser, "screening_campaign_covered")
    record = KeyHousehold.objects.get(household=elderly_alone)
    assert (record.campaign, record.responsible.username) == (campaign, "wang_caseworker")
