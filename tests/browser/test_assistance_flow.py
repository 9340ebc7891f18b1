"""Assistance through the browser: a regular application from intake to approval by
three users, and a fast-track case from intake to grant to a breach (D1, D6)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.assistance.models import Application, CreditRecord, PublicNotice
from minzheng.assistance.standards import seed_example_standards
from minzheng.core.models import CalendarYear
from tests.browser.conftest import fill, follow, login, patient, screenshot, wait_replaced
from tests.factories import PASSWORD, make_household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(users):
    seed_example_standards()
    # Deadlines from late 2026 run into 2027, which chinesecalendar does not know yet;
    # the administrator declares it (D11.3).
    CalendarYear.objects.create(year=2027, source="测试：2027年放假安排")
    return make_household(size=2)


def _act(browser, action: str, fields: dict[str, str] | None = None) -> None:
    card = browser.find_element(By.ID, f"action-{action}")
    for name, value in (fields or {}).items():
        fill(browser, f"{action}-{name}", value)
    card.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_replaced(browser, card)


def _status(browser) -> str:
    return browser.find_element(By.CSS_SELECTOR, "main h1 small").text


def _apply(browser, base, household, track: str) -> Application:
    login(browser, base, "wang_caseworker", PASSWORD)
    browser.get(f"{base}/households/{household.pk}/")
    follow(browser, "申请救助")
    fill(browser, "programme", "dibao" if track == "regular" else "temporary")
    fill(browser, "track", track)
    fill(browser, "channel", "in_person")
    if track == "fast":
        browser.find_element(By.NAME, "pledge_signed").click()
        fill(browser, "urgency_reason", "突发重病住院，家庭无力支付医疗费")
    browser.find_element(By.XPATH, "//button[contains(., '提交申请')]").click()
    patient(browser).until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), "案件"))
    return Application.objects.get(household=household)


def test_regular_application_from_intake_to_approval(browser, live_server, users, setting):
    base, today = live_server.url, timezone.localdate()
    app = _apply(browser, base, setting, "regular")
    url = f"{base}/assistance/applications/{app.pk}/"
    assert _status(browser) == "已申请"

    login(browser, base, "li_township", PASSWORD)
    browser.get(url)
    _act(browser, "accept", {"note": "材料齐全"})
    assert _status(browser) == "已受理（调查中）"
    _act(
        browser,
        "means_test",
        {"reference": "HD-2026-001", "received_on": today.isoformat(), "monthly_income": "900.00"},
    )
    for checkbox in browser.find_elements(By.NAME, "home_visit-investigators")[:2]:
        checkbox.click()
    _act(browser, "home_visit", {"visited_on": today.isoformat(), "findings": "家中无大额财产"})
    _act(browser, "complete_investigation")
    _act(
        browser,
        "review",
        {
            "opinion": "经民主评议同意",
            "proposed_amount": "560.00",
            "amount_reason": "民主评议按实际困难调整",
        },
    )
    _act(browser, "post_notice")
    assert _status(browser) == "公示中"
    PublicNotice.objects.update(ends_on=today - dt.timedelta(days=1))  # seven days pass
    browser.get(url)
    _act(browser, "submit_for_decision")
    assert _status(browser) == "待县级审批"

    login(browser, base, "zhang_county", PASSWORD)
    browser.get(url)
    _act(browser, "approve", {"amount": "560.00", "covered_members": "2"})
    assert _status(browser) == "已批准"
    screenshot(browser, "assistance_approved")
    assert Application.objects.get(pk=app.pk).enrolment.monthly_amount == 560


def test_fast_track_from_intake_to_grant_to_breach(browser, live_server, users, setting):
    base = live_server.url
    app = _apply(browser, base, setting, "fast")
    url = f"{base}/assistance/applications/{app.pk}/"
    login(browser, base, "li_township", PASSWORD)
    browser.get(url)
    _act(browser, "grant", {"amount": "99999.00"})  # above the cap: refused on the field
    assert "超过上限" in browser.find_element(By.ID, "action-grant").text
    _act(browser, "grant", {"amount": "3000.00"})
    assert _status(browser) == "已先行发放（待核查）"

    login(browser, base, "zhang_county", PASSWORD)
    browser.get(url)
    _act(
        browser,
        "find_breach",
        {"grade": "serious", "facts": "隐瞒经营收入", "recovery_amount": "3000.00"},
    )
    assert _status(browser) == "认定失信"
    screenshot(browser, "assistance_breach")
    assert CreditRecord.objects.get(person=setting.head).grade == "serious"
