"""A disability two-subsidies application in the browser (D4.5), from the community's
form to its first payroll line (D13.3): registered by the caseworker, accepted and
checked by the township, reviewed by the county federation's reviewer (a duty), approved
by the county; the county's payroll for the month of application then pays the living
subsidy to the beneficiary. Expected by hand: near-dibao, physical grade 2, a fixed
income of 300: 30 % of the example urban standard 780 = 234.00 (D4.3)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.benefits.models import SubsidyApplication
from minzheng.payments.models import PayrollLine
from minzheng.payments.services.accounts import payee_account_save
from tests.benefits.conftest import benefit_settings, family, reviewer  # noqa: F401 (fixtures)
from tests.browser.conftest import fill, follow, login, patient, screenshot, submit_and_wait
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _act(driver, label: str, status: str) -> None:
    button = patient(driver).until(
        lambda d: d.find_element(By.XPATH, f"//button[normalize-space()='{label}']")
    )
    submit_and_wait(driver, button)
    patient(driver).until(ec.text_to_be_present_in_element((By.ID, "case-status"), status))


def test_an_application_to_its_first_payroll_line(
    browser,
    live_server,
    users,
    family,  # noqa: F811 (the fixture imported above)
    reviewer,  # noqa: F811
):
    head = family.head
    payee_account_save(
        actor=users["county"],
        person=head,
        bank="中国农业银行徐州分行",
        account_number="6228480000001234567",
        holder_name=head.name,
    )
    base = live_server.url
    login(browser, base, "wang_caseworker", PASSWORD)
    browser.get(f"{base}/benefits/")
    follow(browser, "登记新申请")
    for name, value in {
        "id_number": head.id_number,
        "name": head.name,
        "disability_type": "physical",
        "disability_grade": "2",
        "certificate_generation": "third",
        "certificate_issued_on": "2024-01-10",
        "certificate_expires_on": "2029-01-09",
        "care_need_months": "12",
        "assistance_status": "near_dibao",
        "own_fixed_income": "300",
        "applied_on": "2026-03-05",
    }.items():
        fill(browser, name, value)
    submit_and_wait(
        browser, browser.find_element(By.XPATH, "//button[normalize-space()='登记申请']")
    )
    patient(browser).until(ec.text_to_be_present_in_element((By.ID, "case-status"), "已登记申请"))
    url = browser.current_url

    login(browser, base, "li_township", PASSWORD)
    browser.get(url)
    _act(browser, "受理", "乡镇已受理")
    assert "234.00元/月" in browser.find_element(By.ID, "assessment").text
    _act(browser, "乡镇审核通过，报县残联", "待残联审核")
    login(browser, base, "fed_reviewer", PASSWORD)
    browser.get(url)
    _act(browser, "残联审核通过，报民政审批", "待民政审批")
    login(browser, base, "zhang_county", PASSWORD)
    browser.get(url)
    _act(browser, "批准", "已批准")
    assert "2026年03月起按月发放" in browser.find_element(By.ID, "notice").text
    screenshot(browser, "benefits_disability_approved")

    browser.get(f"{base}/payments/")
    form = patient(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "#cycle-new form"))
    fill(browser, "programme", "disability_living_subsidy")
    browser.execute_script("arguments[0].value = '2026-03'", form.find_element(By.NAME, "month"))
    submit_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    patient(browser).until(ec.text_to_be_present_in_element((By.ID, "cycle-status"), "草稿"))
    _act_cycle = patient(browser).until(
        lambda d: d.find_element(By.XPATH, "//button[normalize-space()='计算发放名册']")
    )
    submit_and_wait(browser, _act_cycle)
    patient(browser).until(ec.text_to_be_present_in_element((By.ID, "cycle-status"), "已计算"))
    assert "234.00 元" in browser.find_element(By.ID, "cycle-total").text
    assert head.name in browser.find_element(By.ID, "lines").text
    screenshot(browser, "benefits_first_payroll_line")
    [line] = PayrollLine.objects.filter(programme="disability_living_subsidy")
    assert (line.beneficiary_id, str(line.total)) == (head.pk, "234.00")
    assert SubsidyApplication.objects.get().status == "approved"
