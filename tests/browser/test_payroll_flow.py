"""A county's payroll in the browser (issue 10): opened and computed by one county
approver, approved by another (four eyes, D13.3), sent, the bank file downloaded, the
bank's return file uploaded with one failure (D13.4), the failed line re-issued in a
correction batch once the card is replaced, and both batches reconciled."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from minzheng.payments.models import LedgerEntry, PayrollCycle, PayrollLine
from minzheng.payments.services.accounts import payee_account_save
from tests.browser.conftest import follow, login, patient, screenshot, submit_and_wait
from tests.factories import PASSWORD
from tests.payments.conftest import D, account_for, enrol, pay_settings  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
COUNTY, SECOND = "zhang_county", "qian_county"


def _act(driver, label: str, status: str) -> None:
    """Press the workflow button `label` and wait for the cycle's new status."""
    button = patient(driver).until(
        lambda d: d.find_element(By.XPATH, f"//button[normalize-space()='{label}']")
    )
    submit_and_wait(driver, button)
    patient(driver).until(ec.text_to_be_present_in_element((By.ID, "cycle-status"), status))


def _download(driver, folder: Path) -> list[str]:
    """The bank file of the cycle on screen, downloaded as UTF-8 into `folder`."""
    before = set(folder.iterdir())
    form = patient(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, "#bank-file form"))
    form.find_element(By.CSS_SELECTOR, "select[name=encoding] option[value='UTF-8']").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    def arrived(_: object) -> Path | None:
        # Chrome reserves the final name with an empty file, writes into a
        # ".crdownload" beside it and renames at the end: the download has
        # arrived only when the partial file is gone and the named one has bytes.
        files = set(folder.iterdir())
        if any(p.suffix == ".crdownload" for p in files):
            return None
        new = [p for p in files - before if p.suffix == ".txt" and p.stat().st_size > 0]
        return new[0] if new else None

    path = WebDriverWait(driver, 20).until(arrived)
    return path.read_text(encoding="utf-8").splitlines()


def _answer(bank_lines: list[str], failing: int | None, folder: Path) -> Path:
    """The bank's return file: each detail line paid, but line `failing` (0-based)."""
    date, unit, count, total = bank_lines[0].split("|")
    rows = [f"{date}|{unit}|{count}|{total}"]
    for n, line in enumerate(bank_lines[1:]):
        reference, name, amount, account, _id_type, _id_number = line.split("|")
        result = "1|账户已冻结" if n == failing else "0|"
        rows.append(f"{reference}|{name}|{amount}|{account}|{result}")
    path = folder / f"return-{failing}.txt"
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    return path


def _upload(driver, path: Path, message: str) -> None:
    form = patient(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, "#return-file form"))
    form.find_element(By.CSS_SELECTOR, "select[name=encoding] option[value='UTF-8']").click()
    form.find_element(By.NAME, "file").send_keys(str(path))
    submit_and_wait(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    patient(driver).until(ec.text_to_be_present_in_element((By.TAG_NAME, "main"), message))


def _approve_as_second(driver, base: str, url: str) -> None:
    login(driver, base, SECOND, PASSWORD)
    driver.get(url)
    _act(driver, "审批通过", "已审批")
    login(driver, base, COUNTY, PASSWORD)
    driver.get(url)


def _to_the_bank(driver, base: str, url: str, total: str, folder: Path) -> list[str]:
    """Compute, submit, approve (the second approver), send; the bank file's lines."""
    _act(driver, "计算发放名册", "已计算")
    assert total in driver.find_element(By.ID, "cycle-total").text
    _act(driver, "报批", "已报批")
    _approve_as_second(driver, base, url)
    _act(driver, "生成银行文件并送银行", "已送银行")
    return _download(driver, folder)


@pytest.mark.usefixtures("pay_settings")
def test_a_cycle_from_computation_to_reconciled_with_a_reissue(
    browser,
    live_server,
    users,
    tmp_path,
):
    for amount in ("500.00", "700.00"):
        account_for(
            users["county"], enrol(users["county"], "dibao", amount, D(2025, 1, 1)).household
        )
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    base = live_server.url
    login(browser, base, COUNTY, PASSWORD)
    browser.get(f"{base}/payments/")
    form = patient(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "#cycle-new form"))
    month = form.find_element(By.NAME, "month")
    browser.execute_script("arguments[0].value = '2026-12'", month)
    submit_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    patient(browser).until(ec.text_to_be_present_in_element((By.ID, "cycle-status"), "草稿"))
    url = browser.current_url

    bank = _to_the_bank(browser, base, url, "1200.00 元", tmp_path)
    assert bank[0].endswith("|2|1200.00") and len(bank) == 3
    _upload(browser, _answer(bank, failing=1, folder=tmp_path), "回盘已导入：成功1笔，失败1笔")
    patient(browser).until(ec.text_to_be_present_in_element((By.ID, "cycle-status"), "已对账"))
    screenshot(browser, "payroll_reconciled_with_a_failure")

    failed = PayrollLine.objects.get(status="failed")
    payee_account_save(  # the beneficiary brings a new card
        actor=users["county"],
        person=failed.beneficiary,
        bank="中国建设银行徐州分行",
        account_number=f"62170010{failed.beneficiary_id:010d}",
        holder_name=failed.beneficiary.name,
    )
    button = patient(browser).until(
        lambda d: d.find_element(By.XPATH, "//button[normalize-space()='建立补发批次']")
    )
    submit_and_wait(browser, button)
    patient(browser).until(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), "2026年12月"))
    correction_url = browser.current_url
    assert correction_url != url
    reissue = _to_the_bank(browser, base, correction_url, "700.00 元", tmp_path)
    assert reissue[0].endswith("|1|700.00") and "62170010" in reissue[1]
    _upload(browser, _answer(reissue, failing=None, folder=tmp_path), "回盘已导入：成功1笔")
    patient(browser).until(ec.text_to_be_present_in_element((By.ID, "cycle-status"), "已对账"))

    assert [c.status for c in PayrollCycle.objects.order_by("id")] == ["reconciled", "reconciled"]
    assert PayrollLine.objects.get(pk=failed.pk).status == "reissued"
    paid = sorted(e.amount for e in LedgerEntry.objects.filter(kind="paid"))
    assert [str(a) for a in paid] == ["500.00", "700.00"]
    follow(browser, "发放批次")  # the list shows both batches
    patient(browser).until(ec.text_to_be_present_in_element((By.ID, "cycles"), "补发批次"))
