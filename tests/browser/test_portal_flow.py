"""A resident on a phone (390 CSS pixels): the public portal without log-in — the home
page, the standards page with its chart drawn from the vendored ECharts (no console
error, no sideways scrolling), and the status look-up answered with the step only
(after a refused tail, whose error names the field)."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.assistance.standards import seed_example_standards
from minzheng.core.settings_write import seed_examples
from minzheng.portal.examples import seed_example_content
from tests.browser.conftest import fill, patient, phone_width, screenshot, submit_and_wait
from tests.portal.cases import RECEIPT, make_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
SCROLL = "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);"


def _fits(browser) -> None:
    assert browser.execute_script(SCROLL) <= WIDTH, browser.current_url


def test_a_resident_reads_the_standards_and_looks_up_a_case_on_a_phone(
    browser, live_server, users
):
    seed_example_standards(first_year=2016)
    seed_examples(apps=["portal", "hotline", "licensing"])
    seed_example_content(dt.date(2020, 1, 1))
    app = make_application(users["caseworker"], deadline=dt.date(2026, 12, 8))
    wait = patient(browser)
    phone_width(browser, WIDTH)

    browser.get(f"{live_server.url}/public/")
    tiles = wait.until(ec.presence_of_all_elements_located((By.CSS_SELECTOR, "a.tile")))
    assert any("保障标准" in t.text for t in tiles)
    _fits(browser)

    browser.get(f"{live_server.url}/public/standards/?county=320302")
    chart = wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "#standards-chart[data-drawn='1']"))
    )
    assert chart.find_elements(By.TAG_NAME, "canvas")
    assert "780 元/月" in browser.find_element(By.ID, "current-standards").text
    _fits(browser)
    screenshot(browser, "portal_standards_phone")
    logged = browser.get_log("browser")
    errors = [e for e in logged if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    assert errors == []  # no script error, no Content-Security-Policy refusal

    browser.get(f"{live_server.url}/public/status/")
    wait.until(ec.presence_of_element_located((By.NAME, "receipt")))
    fill(browser, "receipt", RECEIPT)
    fill(browser, "tail", "12o4")  # O is in neither an ID number nor a credit code
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#lookup-form button"))
    error = wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, '.field-error[data-field="tail"]'))
    )
    assert "申请人证件号码后四位有误" in error.text and "不含I、O、Z、S、V" in error.text
    assert not browser.find_elements(By.ID, "answer")
    _fits(browser)
    fill(browser, "receipt", RECEIPT)
    fill(browser, "tail", app.applicant.id_number[-4:])
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#lookup-form button"))
    answer = wait.until(ec.presence_of_element_located((By.ID, "answer")))
    assert app.status_label in answer.text and "2026年12月8日前" in answer.text
    assert app.applicant.name not in browser.page_source
    _fits(browser)
    screenshot(browser, "portal_status_phone")
