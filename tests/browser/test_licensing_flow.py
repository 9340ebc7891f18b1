"""A licence application through the browser (D15): the county bureau's window receives
an elderly-care filing with two of its five materials, tells the applicant once what to
correct, accepts when the rest arrive (both clocks start), and grants it; the page shows
each step's state, the correction notice and the decision within both clocks."""

from __future__ import annotations

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.core.models import CalendarYear
from minzheng.licensing.models import LicenceApplication
from tests.browser.conftest import fill, follow, login, patient, submit_and_wait
from tests.factories import PASSWORD
from tests.licensing.conftest import write_limits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _status(browser, text: str) -> None:
    patient(browser).until(ec.text_to_be_present_in_element((By.ID, "application-status"), text))


def _press(browser, section: str, label: str) -> None:
    button = browser.find_element(By.XPATH, f"//section[@id='{section}']//button[.='{label}']")
    submit_and_wait(browser, button)


def _tick(browser, section: str, name: str, value: str) -> None:
    box = browser.find_element(
        By.CSS_SELECTOR, f"#{section} input[name='{name}'][value='{value}']"
    )
    if not box.is_selected():
        box.click()


def test_intake_correction_acceptance_decision(browser, live_server, users):
    write_limits()
    # Clocks started late in the year end in the next (D11.3): declared as an administrator would.
    CalendarYear.objects.create(year=timezone.localdate().year + 1, source="测试：次年放假安排")
    base = live_server.url
    login(browser, base, "zhang_county", PASSWORD)
    browser.get(f"{base}/licensing/")
    follow(browser, "收件登记")
    fill(browser, "item", "eldercare_filing")
    submit_and_wait(browser, browser.find_element(By.XPATH, "//button[.='选择事项']"))
    fill(browser, "applicant_name", "徐州市颐和养老院")
    fill(browser, "applicant_code", "91320302MA1XYW0016")
    fill(browser, "contact_phone", "0516-83001234")
    fill(browser, "subject", "养老机构备案")
    for code in ("filing_form", "legal_person"):
        _tick(browser, "intake", "materials", code)
    submit_and_wait(browser, browser.find_element(By.XPATH, "//button[.='登记收件']"))
    _status(browser, "已收件（待受理）")

    fill(browser, "request_correction-note", "法人登记证书须加盖公章")
    _press(browser, "action-request_correction", "一次性告知补正材料")
    _status(browser, "补正材料中")
    notice = browser.find_element(By.ID, "correction-notice").text
    assert "须补正：服务场所权属或租赁证明、消防安全检查合格证明或承诺书、备案承诺书" in notice

    for code in ("premises", "fire_safety", "pledge"):
        _tick(browser, "action-accept", "accept-materials", code)
    _press(browser, "action-accept", "受理")
    _status(browser, "已受理（计时中）")
    application = LicenceApplication.objects.get()
    assert application.accepted_on == timezone.localdate()
    promised = browser.find_element(By.ID, "promised-due").text
    assert application.accepted_on is not None and promised[:4].isdigit()

    fill(browser, "grant-note", "材料齐全，符合备案条件")
    _press(browser, "action-grant", "准予许可")
    _status(browser, "准予许可（待送达）")
    decision = browser.find_element(By.ID, "decision").text
    assert "承诺时限内办结" in decision and "法定时限内办结" in decision
