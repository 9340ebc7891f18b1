"""A caseworker at a visit, on a phone (390 CSS pixels): records the visit and attaches
a photo of a document taken with the camera (issue 15 item 5) — the assistance home
visit on the case page, a warning lead's verification (预警线索 核实) and a screening
visit (走访登记); no page ever scrolls sideways."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.assistance.models import HomeVisitPhoto
from minzheng.assistance.services import applications as apps
from minzheng.assistance.standards import seed_example_standards
from minzheng.screening.models import VisitPhoto
from minzheng.warning.models import LeadVisitPhoto
from minzheng.warning.settings_specs import seed_example_settings
from tests.browser.conftest import fill, login, patient, phone_width, screenshot, submit_and_wait
from tests.factories import PASSWORD, make_household
from tests.screening.conftest import make_running
from tests.visit_photo_cases import lead_about

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
SCROLL = "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 256


def _attach_photo(browser, visit, folder, title: str) -> None:
    """Open 上传材料照片 under `visit` (an li of ul.visits), take the photo (the file the
    camera would give) and upload it; the page stays within the phone's width."""
    browser.execute_script("arguments[0].open = true", visit.find_element(By.TAG_NAME, "details"))
    photo = folder / "photo.jpg"
    photo.write_bytes(JPEG)
    visit.find_element(By.NAME, "title").send_keys(title)
    field = visit.find_element(By.NAME, "file")
    assert field.get_attribute("capture") == "environment"
    field.send_keys(str(photo))
    assert browser.execute_script(SCROLL) <= WIDTH
    submit_and_wait(browser, visit.find_element(By.CSS_SELECTOR, "button[type=submit]"))


def _photo_link(browser) -> str:
    link = patient(browser).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "ul.visits p.photos a"))
    )
    assert browser.execute_script(SCROLL) <= WIDTH
    return link.text


def test_a_visit_is_recorded_and_a_photo_attached_at_phone_width(
    browser, live_server, users, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    seed_example_standards()
    household = make_household(size=2)
    app = apps.application_submit(
        actor=users["caseworker"], household=household, applicant=household.head,
        programme="dibao", channel="in_person", applied_on=dt.date(2026, 3, 2),
    )  # fmt: skip
    apps.application_accept(actor=users["township"], application=app, today=dt.date(2026, 3, 2))
    wait = patient(browser)
    login(browser, live_server.url, "wang_caseworker", PASSWORD)
    phone_width(browser, WIDTH)
    browser.get(f"{live_server.url}/assistance/applications/{app.pk}/")

    form = wait.until(ec.presence_of_element_located((By.ID, "action-home_visit")))
    assert browser.execute_script(SCROLL) <= WIDTH
    date = form.find_element(By.NAME, "home_visit-visited_on")
    browser.execute_script("arguments[0].value = '2026-03-03'", date)
    form.find_element(By.NAME, "home_visit-findings").send_keys("家中两人，收入属实")
    for box in form.find_elements(By.CSS_SELECTOR, "input[name=home_visit-investigators]")[:2]:
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.click()
    submit_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))

    visit = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "ul.visits li")))
    assert "家中两人，收入属实" in visit.text
    _attach_photo(browser, visit, tmp_path, "户口簿")
    assert _photo_link(browser) == "户口簿"
    assert HomeVisitPhoto.objects.get().size == len(JPEG)


def test_a_lead_check_and_a_screening_visit_with_photos_at_phone_width(
    browser, live_server, users, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    seed_example_standards()
    seed_example_settings()
    lead = lead_about(make_household(size=2))
    target = make_running(users).campaign.targets.first()
    login(browser, live_server.url, "wang_caseworker", PASSWORD)
    phone_width(browser, WIDTH)

    browser.get(f"{live_server.url}/warning/leads/{lead.pk}/")
    fill(browser, "method", "home")
    fill(browser, "visited_on", "2026-10-20")
    fill(browser, "findings", "入户核实：收入属实")
    assert browser.execute_script(SCROLL) <= WIDTH
    submit_and_wait(
        browser, browser.find_element(By.XPATH, "//button[contains(., '保存核实记录')]")
    )
    visit = patient(browser).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "ul.visits li"))
    )
    _attach_photo(browser, visit, tmp_path, "收入证明")
    assert _photo_link(browser) == "收入证明"
    screenshot(browser, "lead_visit_photo_phone")
    assert LeadVisitPhoto.objects.get(visit__lead=lead).size == len(JPEG)

    page = f"{live_server.url}/screening/targets/{target.pk}/visit/"
    browser.get(page)
    fill(browser, "visited_on", "2026-03-05")
    fill(browser, "method", "home")
    fill(browser, "situation", "老人独居，身体尚可")
    fill(browser, "outcome", "no_difficulty")
    assert browser.execute_script(SCROLL) <= WIDTH
    submit_and_wait(
        browser, browser.find_element(By.XPATH, "//button[contains(., '保存走访记录')]")
    )
    browser.get(page)
    visit = patient(browser).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "ul.visits li"))
    )
    _attach_photo(browser, visit, tmp_path, "残疾证")
    assert _photo_link(browser) == "残疾证"
    screenshot(browser, "screening_visit_photo_phone")
    assert VisitPhoto.objects.get(visit__target=target).title == "残疾证"
