"""A caseworker logs in, searches a household, opens it and a member, and sees the
ID number masked until asking for it — which is audited."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.core.masking import mask_id_number
from minzheng.core.models import AuditEntry
from tests.browser.conftest import follow, login, patient, screenshot
from tests.factories import PASSWORD, make_household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_searches_a_household_and_sees_masked_ids(browser, live_server, users):
    household = make_household(size=3)
    head = household.head
    assert head is not None
    wait = patient(browser)

    login(browser, live_server.url, "wang_caseworker", PASSWORD)  # waits for "您好"

    follow(browser, "家庭查询")
    box = wait.until(ec.presence_of_element_located((By.NAME, "q")))
    box.send_keys(head.name)  # htmx searches as the user types
    wait.until(ec.text_to_be_present_in_element((By.ID, "results"), household.number))
    screenshot(browser, "household_search")
    follow(browser, household.number)

    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), household.number))
    page = browser.find_element(By.TAG_NAME, "main").text
    assert mask_id_number(head.id_number) in page
    assert head.id_number not in page
    screenshot(browser, "household_detail")

    follow(browser, head.name)
    shown = wait.until(ec.presence_of_element_located((By.ID, "id-number")))
    assert shown.text == mask_id_number(head.id_number)
    browser.find_element(By.XPATH, "//button[contains(., '显示完整号码')]").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "id-number"), head.id_number))
    screenshot(browser, "person_detail")
    assert AuditEntry.objects.filter(summary__startswith="查看完整身份证号").count() == 1
    assert AuditEntry.objects.filter(action="read", object_type="core.household").count() == 1
