"""An annual report filed late, through the browser (D10.2, D10.7): the registrar enters
the report after the 31 May deadline; the daily run puts the organisation on the
abnormal-activity list; the public page shows it (legal representative masked); the
registrar removes it after rectification and it leaves the public list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.core.duties import duty_grant
from minzheng.core.settings_write import seed_examples
from minzheng.organisations.models import CreditListing
from tests.browser.conftest import fill, follow, login, patient, screenshot, submit_and_wait
from tests.factories import PASSWORD
from tests.organisations.factories import make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _save(browser, label: str, message: str) -> None:
    button = browser.find_element(By.XPATH, f"//button[contains(., '{label}')]")
    submit_and_wait(browser, button)
    patient(browser).until(ec.text_to_be_present_in_element((By.ID, "messages"), message))


def _file_late_report(browser, base: str, org, year: int) -> None:
    login(browser, base, "zhang_county", PASSWORD)
    browser.get(f"{base}/organisations/{org.pk}/")
    follow(browser, "录入年度工作报告")
    patient(browser).until(ec.presence_of_element_located((By.NAME, "activities")))
    fill(browser, "year", str(year))
    fill(browser, "filed_on", f"{year + 1}-06-15")  # the deadline was 31 May
    fill(browser, "income", "186000.00")
    fill(browser, "expenditure", "172450.50")
    fill(browser, "net_assets", "58000.00")
    fill(browser, "staff_count", "4")
    fill(browser, "activities", "举办行业培训三期，会员大会一次")
    _save(browser, "保存", f"已录入{year}年度工作报告")
    assert str(year) in browser.find_element(By.ID, f"report-{year}").text
    browser.get(f"{base}/organisations/reports/?year={year}")
    row = patient(browser).until(ec.presence_of_element_located((By.ID, f"cycle-{org.pk}")))
    assert "逾期报送" in row.text


def _public_names(browser, base: str) -> str:
    browser.get(f"{base}/organisations/public/credit-lists/")
    return patient(browser).until(ec.presence_of_element_located((By.ID, "public-listings"))).text


def test_a_late_report_lists_the_organisation_until_it_is_removed(browser, live_server, users):
    seed_examples(apps=["organisations"])  # 31 March, 31 May, six months, two years
    duty_grant(actor=None, user=users["county"], code="organisation_registrar")
    base, today = live_server.url, timezone.localdate()
    year = today.year - 2  # its deadline (31 May of last year) lies in the past whatever today
    org = make_org(
        users["county"], dt.date(year, 3, 1), name="徐州市物流行业协会", legal_rep_name="赵德明"
    )
    _file_late_report(browser, base, org, year)

    call_command("organisations_credit_run", on=f"{year + 1}-06-16")  # the daily run
    listing = CreditListing.objects.get(organisation=org)
    assert (listing.list_kind, listing.reason, listing.year) == ("abnormal", "late_report", year)

    browser.get(f"{base}/organisations/credit/")
    row = patient(browser).until(ec.presence_of_element_located((By.ID, f"listing-{listing.pk}")))
    assert "活动异常名录" in row.text and "未按规定时限报送年度工作报告" in row.text
    browser.delete_all_cookies()  # the public page needs no log-in
    public = _public_names(browser, base)
    assert "徐州市物流行业协会" in public and "赵*明" in public and "赵德明" not in public
    screenshot(browser, "organisations_public_list")

    login(browser, base, "zhang_county", PASSWORD)
    browser.get(f"{base}/organisations/credit/")
    follow(browser, "整改后移出")
    patient(browser).until(ec.presence_of_element_located((By.NAME, "note")))
    fill(browser, "note", f"已于{year + 1}年6月15日补报{year}年度工作报告")
    _save(browser, "移出名录", "已将“徐州市物流行业协会”移出活动异常名录")
    listing.refresh_from_db()
    assert (listing.status, listing.removed_on) == ("removed", today)
    browser.delete_all_cookies()
    assert "徐州市物流行业协会" not in _public_names(browser, base)
