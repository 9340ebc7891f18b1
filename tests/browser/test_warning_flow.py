"""A caseworker follows a warning lead from the list to a home-visit record to an
application pre-filled from the lead (D5.3)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.assistance.models import Application
from minzheng.assistance.standards import seed_example_standards
from minzheng.core.models import CalendarYear
from minzheng.warning.models import Lead
from minzheng.warning.services import leads_ingest
from minzheng.warning.settings_specs import seed_example_settings
from tests.browser.conftest import fill, follow, login, patient, screenshot, submit_and_wait
from tests.factories import PASSWORD, make_household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_to_home_visit_to_prefilled_application(browser, live_server, users):
    seed_example_standards()
    seed_example_settings()
    CalendarYear.objects.create(year=2027, source="测试：2027年放假安排")
    household = make_household(size=2)
    head = household.head
    assert head is not None
    leads_ingest(
        findings=[
            {
                "run_id": "2026-10-x",
                "rule_id": "W008",
                "rule_title": "疑似低保或低保边缘家庭",
                "period": "2026-10",
                "severity": "medium",
                "id_number": head.id_number,
                "household_id": None,
                "area_code": head.area_id,
                "evidence": "社保缴费工资显示家庭人均月收入约600元，未纳入任何救助",
            }
        ],
        today=timezone.localdate(),
    )
    wait = patient(browser)
    base = live_server.url

    login(browser, base, "wang_caseworker", PASSWORD)
    follow(browser, "预警线索")
    # The rule by its title, not its code (issue 17 item 8).
    wait.until(ec.presence_of_element_located((By.PARTIAL_LINK_TEXT, "疑似低保或低保边缘家庭")))
    screenshot(browser, "warning_leads")
    follow(browser, "疑似低保或低保边缘家庭", partial=True)
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), "疑似低保"))
    assert "未纳入任何救助" in browser.find_element(By.TAG_NAME, "main").text

    fill(browser, "method", "home")
    fill(browser, "findings", "入户核实：夫妻二人均无稳定工作，收入属实")
    submit_and_wait(
        browser, browser.find_element(By.XPATH, "//button[contains(., '保存核实记录')]")
    )
    apply_card = wait.until(ec.presence_of_element_located((By.ID, "lead-apply")))
    assert "入户核实" in browser.find_element(By.TAG_NAME, "main").text
    selected = apply_card.find_element(By.CSS_SELECTOR, "select[name=programme] option:checked")
    assert selected.get_attribute("value") == "dibao"  # suggested from rule W008
    apply_card.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), "案件"))
    screenshot(browser, "warning_application")
    app = Application.objects.get()
    assert (app.household, app.applicant, app.programme) == (household, head, "dibao")
    assert Lead.objects.get().status == "closed"
