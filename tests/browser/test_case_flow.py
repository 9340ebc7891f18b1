"""Issue 17's closing path in the browser: the caseworker searches a household, opens
it, applies (first with a known error, shown on its field), and lands on the case page
with its checklist and next step; the leader reads the money view from the menu."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.assistance.models import Application, Enrolment, EnrolmentChange
from minzheng.assistance.standards import seed_example_standards
from tests.browser.conftest import fill, follow, login, patient, screenshot
from tests.factories import PASSWORD, make_household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_searches_a_household_and_submits_an_application(browser, live_server, users):
    seed_example_standards()
    household = make_household(size=2)
    base, wait = live_server.url, patient(browser)
    login(browser, base, "wang_caseworker", PASSWORD)
    browser.get(f"{base}/households/")
    browser.find_element(By.NAME, "q").send_keys(household.head.name)
    browser.find_element(By.XPATH, "//button[contains(., '查询')]").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "results"), household.number))
    follow(browser, household.number)
    wait.until(ec.presence_of_element_located((By.ID, "household-assistance")))
    assert "目前未享受救助" in browser.find_element(By.ID, "household-assistance").text
    screenshot(browser, "case_flow_1_household")
    follow(browser, "申请救助")
    fill(browser, "programme", "dibao")
    fill(browser, "channel", "delegated")  # the error path: no delegate named
    browser.find_element(By.XPATH, "//button[contains(., '提交申请')]").click()
    error = wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, ".field-error[data-field=delegate_name]"))
    )
    assert error.text == "委托申请须填写受托人"
    screenshot(browser, "case_flow_2_application_error")
    fill(browser, "delegate_name", "张明（申请人之子）")
    browser.find_element(By.XPATH, "//button[contains(., '提交申请')]").click()
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), "案件"))
    app = Application.objects.get(household=household)
    page = browser.find_element(By.TAG_NAME, "main").text
    assert f"已提交救助申请，案件编号 {app.number}" in page
    assert "受理：由乡镇（街道）审核人办理" in page and "救助申请书" in page
    browser.set_window_size(1280, 2200)  # the whole case page in one picture
    screenshot(browser, "case_flow_3_case_page")


def test_leader_reads_the_approved_amounts_from_the_menu(browser, live_server, users):
    seed_example_standards()
    household = make_household(size=2)
    app = Application.objects.create(
        number="SA-LEADER-1",
        programme="dibao",
        household=household,
        applicant=household.head,
        channel="in_person",
        applied_on=dt.date(2025, 11, 3),
        area_id=household.area_id,
        created_by=users["county"],
    )
    enrolment = Enrolment.objects.create(
        household=household,
        programme="dibao",
        application=app,
        starts_on=dt.date(2025, 12, 1),
        monthly_amount=Decimal("760.00"),
        covered_members=2,
        next_review_on=dt.date(2026, 6, 1),
    )
    EnrolmentChange.objects.create(
        enrolment=enrolment,
        kind="start",
        effective_on=dt.date(2025, 12, 1),
        amount_after=Decimal("760.00"),
        decided_by=users["county"],
    )
    base, wait = live_server.url, patient(browser)
    login(browser, base, "zhou_leader", PASSWORD)
    follow(browser, "保障金额（按月）")
    wait.until(ec.presence_of_element_located((By.ID, "money-caveat")))
    browser.get(f"{base}/assistance/money/?month=2026-12")
    caveat = wait.until(ec.presence_of_element_located((By.ID, "money-caveat")))
    assert "核定月保障金额，非实际发放" in caveat.text
    assert browser.find_element(By.ID, "money-total").text == "760.00"
    assert browser.find_element(By.ID, "money-people").text == "2"
    assert "鼓楼区" in browser.find_element(By.ID, "money-rows").text
    screenshot(browser, "case_flow_4_leader_money")
