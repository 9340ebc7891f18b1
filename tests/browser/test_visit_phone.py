"""A caseworker at a home visit, on a phone (390 CSS pixels): records the visit on the
case page and attaches a photo of the household register taken with the camera; the
page never scrolls sideways."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.assistance.models import HomeVisitPhoto
from minzheng.assistance.services import applications as apps
from minzheng.assistance.standards import seed_example_standards
from tests.browser.conftest import login, patient, phone_width, screenshot, submit_and_wait
from tests.factories import PASSWORD, make_household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
SCROLL = "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 256


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
    browser.execute_script("arguments[0].open = true", visit.find_element(By.TAG_NAME, "details"))
    photo = tmp_path / "hukou.jpg"
    photo.write_bytes(JPEG)
    visit.find_element(By.NAME, "title").send_keys("户口簿")
    visit.find_element(By.NAME, "file").send_keys(str(photo))
    assert browser.execute_script(SCROLL) <= WIDTH
    screenshot(browser, "visit_photo_phone")
    submit_and_wait(browser, visit.find_element(By.CSS_SELECTOR, "button[type=submit]"))

    link = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "p.photos a")))
    assert link.text == "户口簿"
    assert HomeVisitPhoto.objects.get().size == len(JPEG)
    assert browser.execute_script(SCROLL) <= WIDTH
