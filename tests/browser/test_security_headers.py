"""Under the strict Content-Security-Policy (default-src 'self', issue 7 item 8)
the htmx pages still work and the browser reports no violation: a search typed
with htmx, a person page, the audited disclosures of ID number and phone."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.core.models import AuditEntry
from tests.browser.conftest import follow, login, patient
from tests.factories import PASSWORD, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_htmx_pages_work_with_no_policy_violation(browser, live_server, users):
    person = PersonFactory(name="韩梅梅", phone="13912345678")
    wait = patient(browser)
    login(browser, live_server.url, "wang_caseworker", PASSWORD)
    browser.get(f"{live_server.url}/persons/")
    browser.find_element(By.NAME, "q").send_keys("韩梅梅")  # htmx searches as one types
    follow(browser, "韩梅梅", partial=True)  # the results may be swapped more than once
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), "韩梅梅"))
    assert "139****5678" in browser.find_element(By.ID, "phone").text
    browser.find_element(By.XPATH, "//button[text()='显示完整电话']").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "phone"), "13912345678"))
    browser.find_element(By.XPATH, "//button[text()='显示完整号码']").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "id-number"), person.id_number))
    assert AuditEntry.objects.filter(action="read", object_id=str(person.pk)).count() == 3
    console = [entry["message"] for entry in browser.get_log("browser")]
    assert [m for m in console if "Content Security Policy" in m] == []


def test_the_api_documentation_renders_under_the_policy(browser, live_server, users):
    login(browser, live_server.url, "wang_caseworker", PASSWORD)
    browser.get(f"{live_server.url}/api/v1/docs")
    patient(browser).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, ".swagger-ui .opblock"))
    )
    console = [entry["message"] for entry in browser.get_log("browser")]
    assert [m for m in console if "Content Security Policy" in m] == []
