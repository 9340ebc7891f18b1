"""The county bureau follows a supervision finding from the list to a recovery order
marked repaid, and the finding closed with evidence (issue 11, D14.12, D13.5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.core.models import CalendarYear
from minzheng.core.settings_write import seed_examples
from minzheng.payments.models import RecoveryOrder
from minzheng.supervision.models import Finding
from minzheng.supervision.services import findings_ingest, read_findings
from tests.assistance.enrolments import make_enrolment
from tests.browser.conftest import follow, login, patient, screenshot, submit_and_wait
from tests.factories import AREAS, PASSWORD
from tests.supervision.findings import row, write

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _in(driver, section: str, name: str, value: str) -> None:
    field = driver.find_element(By.CSS_SELECTOR, f"#{section} [name={name}]")
    if field.tag_name == "select":
        from selenium.webdriver.support.ui import Select

        Select(field).select_by_value(value)
    else:
        field.clear()
        field.send_keys(value)


def _submit(driver, section: str) -> None:
    submit_and_wait(
        driver, driver.find_element(By.CSS_SELECTOR, f"#{section} button[type=submit]")
    )


def test_finding_to_repaid_recovery_to_closed(browser, live_server, users, tmp_path):
    seed_examples(apps=["supervision", "payments"])
    CalendarYear.objects.get_or_create(year=2027, defaults={"source": "测试：2027年放假安排"})
    enrolment = make_enrolment(users["county"], "dibao", "710", dt.date(2026, 1, 1))
    head = enrolment.household.head
    path = write(tmp_path / "findings.parquet", [row(head.id_number, AREAS["community_a1"])])
    findings_ingest(findings=read_findings(path), today=timezone.localdate())
    wait = patient(browser)
    base = live_server.url

    login(browser, base, "zhang_county", PASSWORD)
    follow(browser, "监管问题")
    link = wait.until(
        ec.presence_of_element_located(
            (By.CSS_SELECTOR, "main table.list a[href*='/supervision/findings/']")
        )
    )
    assert head.id_number not in browser.find_element(By.TAG_NAME, "main").text  # masked
    screenshot(browser, "supervision_findings")
    browser.get(link.get_attribute("href"))
    wait.until(ec.text_to_be_present_in_element((By.ID, "finding-status"), "待核实"))
    assert "死亡日期" in browser.find_element(By.ID, "finding-evidence").text

    _in(browser, "finding-verify", "verdict", "confirm")
    _in(browser, "finding-verify", "note", "入户核实：本人已于6月死亡，7至9月仍发放")
    _submit(browser, "finding-verify")
    wait.until(ec.text_to_be_present_in_element((By.ID, "finding-status"), "已确认"))

    _in(browser, "finding-rectify", "kind", "recover")
    _in(browser, "finding-rectify", "note", "追回死亡后发放的低保金")
    _in(browser, "finding-rectify", "amount", "2130.00")
    _submit(browser, "finding-rectify")
    wait.until(ec.text_to_be_present_in_element((By.ID, "finding-status"), "整改中"))
    assert "追回中" in browser.find_element(By.ID, "finding-recovery").text

    # Closing before the money is back is refused, on the evidence field.
    _in(browser, "finding-close", "note", "已追回")
    _submit(browser, "finding-close")
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#finding-close .field-error")))
    assert "追回单尚未追回完毕" in browser.find_element(By.ID, "finding-close").text

    follow(browser, "追回单列表")
    order = RecoveryOrder.objects.get()
    row_el = wait.until(ec.presence_of_element_located((By.ID, f"recovery-{order.pk}")))
    row_el.find_element(By.NAME, "amount").send_keys("2130.00")
    submit_and_wait(browser, row_el.find_element(By.XPATH, ".//button[contains(., '登记退还')]"))
    wait.until(ec.text_to_be_present_in_element((By.ID, f"recovery-{order.pk}"), "已追回"))
    screenshot(browser, "supervision_recovery_repaid")

    browser.get(f"{base}/supervision/findings/{Finding.objects.get().pk}/")
    assert "已追回" in browser.find_element(By.ID, "finding-recovery").text
    _in(browser, "finding-close", "note", "退还凭证已存档，停发已登记")
    _in(browser, "finding-close", "file_ref", "凭证2026-118")
    _submit(browser, "finding-close")
    wait.until(ec.text_to_be_present_in_element((By.ID, "finding-status"), "已办结"))
    screenshot(browser, "supervision_closed")
    finding = Finding.objects.get()
    assert (finding.status, finding.closing_file) == ("closed", "凭证2026-118")
    assert RecoveryOrder.objects.get().status == "repaid"


def test_the_platform_page_draws_and_drills_down_under_the_strict_policy(
    browser, live_server, users
):
    """The auditor (read-all) opens 社会救助资金: the charts are drawn with the vendored
    ECharts, nothing is refused by the Content-Security-Policy, and the area table's
    links drill down city → county → township → community."""
    from selenium.webdriver.common.action_chains import ActionChains

    from minzheng.core.models import Area
    from tests.factories import make_household
    from tests.supervision.findings import stored

    seed_examples(apps=["supervision"])
    stored(make_household(AREAS["community_a1"]).head, first_month=_this_month())
    wait = patient(browser, timeout=20)
    login(browser, live_server.url, "sun_auditor", PASSWORD)
    follow(browser, "监管平台")
    follow(browser, "社会救助资金")
    wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "[data-chart][data-drawn] canvas"))
    )
    for target in browser.find_elements(By.CSS_SELECTOR, "[data-drawn] canvas")[:3]:
        ActionChains(browser).move_to_element(target).perform()
    console = [entry["message"] for entry in browser.get_log("browser")]
    assert [m for m in console if "Content Security Policy" in m] == []
    screenshot(browser, "supervision_platform_city")
    for key in ("county_a", "township_a", "community_a1"):
        name = Area.objects.get(code=AREAS[key]).name
        follow(browser, name)
        wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), name))
    assert browser.find_element(By.ID, "open-findings").text == "1"


def _this_month() -> str:
    return timezone.localdate().strftime("%Y-%m")
