"""A caseworker fills the 政策计算器 in Chinese — two members, an income — and reads the
dibao amount worked by hand from the rulebook: (780 − 1000 ÷ 2) × 2 = 560.00 元/月
(D1.11, D1.13, D1.14; D3.4's example urban standard 780). A wrong amount shows its
Chinese message next to the field; at phone width the form does not overflow."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from tests.browser.conftest import fill, login, patient, screenshot, submit_and_wait
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(browser, name: str) -> None:
    """Press a button that posts the page, and wait until the old page is gone (Chromium
    may report an old node as "not in the document", which `staleness_of` misses)."""
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f"button[name={name}]"))


def test_the_calculator_is_filled_in_chinese_and_shows_the_dibao_amount(
    browser, live_server, users
):
    wait = patient(browser)
    login(browser, live_server.url, "wang_caseworker", PASSWORD)
    browser.get(f"{live_server.url}/assistance/calculator/")
    wait.until(ec.presence_of_element_located((By.NAME, "m-0-name")))
    fill(browser, "m-0-name", "张三")
    fill(browser, "m-0-birth_date", "1970-05-01")
    fill(browser, "m-0-employment", "employed")
    fill(browser, "m-0-income_wages", "1000")
    _submit(browser, "add")
    wait.until(ec.presence_of_element_located((By.NAME, "m-1-name")))
    assert browser.find_element(By.NAME, "m-0-income_wages").get_attribute("value") == "1000"
    fill(browser, "m-1-name", "李四")
    fill(browser, "m-1-relation", "spouse")
    fill(browser, "m-1-birth_date", "1972-03-01")
    fill(browser, "h-area_class", "urban")
    _submit(browser, "calculate")
    results = wait.until(ec.presence_of_element_located((By.ID, "results")))
    screenshot(browser, "calculator_result")
    dibao = results.find_element(By.CSS_SELECTOR, "[data-programme=dibao]").text
    assert "最低生活保障：符合" in dibao and "560.00 元/月" in dibao
    assert "依据：最低生活保障：保障金额" in dibao

    fill(browser, "m-0-income_wages", "-5")
    _submit(browser, "calculate")
    field = wait.until(ec.presence_of_element_located((By.NAME, "m-0-income_wages")))
    label = field.find_element(By.XPATH, "./ancestor::label")
    assert "金额不能为负数" in label.text  # next to the field, in Chinese
    assert not browser.find_elements(By.ID, "results")
    screenshot(browser, "calculator_error")


def test_the_calculator_form_fits_a_phone(browser, live_server, users):
    login(browser, live_server.url, "wang_caseworker", PASSWORD)
    browser.set_window_size(390, 844)
    browser.get(f"{live_server.url}/assistance/calculator/")
    patient(browser).until(ec.presence_of_element_located((By.NAME, "m-0-name")))
    width = browser.execute_script("return document.documentElement.clientWidth")
    for element in browser.find_elements(
        By.CSS_SELECTOR, "form.form, form.form fieldset, form.form input, form.form select"
    ):
        right = browser.execute_script(
            "return arguments[0].getBoundingClientRect().right", element
        )
        assert right <= width + 0.5, (element.get_attribute("name"), right, width)
    screenshot(browser, "calculator_phone")
