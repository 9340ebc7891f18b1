"""The county approver reviews a likely duplicate (issue 16; D0.1, D5.3): opens the
pair from the queue, sees both records side by side, masked, decides "same person",
merges them (the second record's page now leads to the kept one), then undoes it."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.core.models import Person
from minzheng.identity.models import MatchPair, PersonMerge
from tests.browser.conftest import fill, follow, login, patient, screenshot, submit_and_wait
from tests.factories import PASSWORD, PersonFactory
from tests.identity.pairs import make_pair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _main(browser) -> str:
    return browser.find_element(By.TAG_NAME, "main").text


def _says(browser, text: str) -> None:
    patient(browser).until(ec.text_to_be_present_in_element((By.TAG_NAME, "main"), text))


def test_review_a_pair_merge_and_undo(browser, live_server, users):
    kept = PersonFactory(id_number="440524188001010014", name="王建国", phone="13912345678")
    second = PersonFactory(id_number="440524188001010313", name="王建國", phone="13912345678")
    pair = make_pair(
        kept,
        second,
        probability=0.93,
        match_weight=3.8,
        evidence={"id": 7.5, "name": 5.1, "birth": 0.0, "sex": 0.0, "address": -2.0, "phone": 9.9},
    )
    base = live_server.url
    login(browser, base, "zhang_county", PASSWORD)
    follow(browser, "疑似重复复核")
    _says(browser, "王建國")
    follow(browser, "王建国")
    table = patient(browser).until(ec.presence_of_element_located((By.ID, "side-by-side")))
    text = table.text
    assert "王建国" in text and "王建國" in text
    assert "4405**********0014" in text and "4405**********0313" in text
    assert "440524188001010014" not in _main(browser) and "13912345678" not in _main(browser)
    assert "支持同一人" in browser.find_element(By.ID, "evidence").text
    screenshot(browser, "identity_pair")

    fill(browser, "decision", "same")
    fill(browser, "note", "身份证号录错一位，电话相同")
    submit_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., '保存结论')]"))
    _says(browser, "复核结论已保存")

    merge = patient(browser).until(ec.presence_of_element_located((By.ID, "pair-merge")))
    merge.find_element(By.CSS_SELECTOR, "select[name=keep] option[value=a]").click()
    submit_and_wait(browser, merge.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    _says(browser, "两份档案已合并，可撤销")
    assert "保留档案：王建国" in _main(browser)
    assert Person.objects.get(pk=second.pk).merged_into_id == kept.pk
    screenshot(browser, "identity_merged")

    # the merged record's old page leads to the kept one
    browser.get(f"{base}/persons/{second.pk}/")
    _says(browser, "该档案已并入另一份档案")
    assert browser.current_url.endswith(f"/persons/{kept.pk}/")

    browser.get(f"{base}/identity/pairs/{pair.pk}/")
    undo = patient(browser).until(ec.presence_of_element_located((By.ID, "pair-undo")))
    undo.find_element(By.NAME, "note").send_keys("核实为两个人，误合并")
    submit_and_wait(browser, undo.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    _says(browser, "合并已撤销，记录已移回原档案")
    assert MatchPair.objects.get(pk=pair.pk).status == "same"
    assert PersonMerge.objects.get().undone_at is not None
    assert Person.objects.get(pk=second.pk).merged_into_id is None
