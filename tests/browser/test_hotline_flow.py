"""A call about a child to an emergency escalation and a closed ticket with the
feedback to the reporter recorded (issue 12; D8.2, D8.3): the operator registers a
school's call about a child in danger, escalates it to the named duty officer, hands it
to the police and dispatches it to the county; the duty officer handles and replies;
the operator tells the reporter the result and closes the ticket."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.core.models import CalendarYear
from minzheng.core.roles import Role
from minzheng.core.settings_write import seed_examples
from minzheng.hotline.models import MandatoryReport, Ticket
from tests.browser.conftest import fill, follow, login, patient, screenshot, submit_and_wait
from tests.factories import AREAS, PASSWORD, make_household, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def act(driver, wait, action: str, fields: dict[str, str], done: str) -> None:  # type: ignore[no-untyped-def]
    """Fill and submit the form of one action's section, then wait for its message.
    The section is found afresh each time: every action loads a new page."""
    section = wait.until(ec.presence_of_element_located((By.ID, f"act-{action}")))
    for name, value in fields.items():
        field = section.find_element(By.NAME, name)
        if field.tag_name == "select":
            from selenium.webdriver.support.ui import Select

            Select(field).select_by_value(value)
        else:
            field.clear()
            field.send_keys(value)
    submit_and_wait(driver, section.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    wait.until(ec.text_to_be_present_in_element((By.ID, "messages"), done))


def test_a_call_about_a_child_to_escalation_and_closure(browser, live_server, areas):
    seed_examples(apps=["hotline"])
    CalendarYear.objects.get_or_create(year=2027, defaults={"source": "测试：2027年放假安排"})
    make_user("op", Role.CASEWORKER, AREAS["city"], duties=("hotline_operator",))
    officer = make_user(
        "officer", Role.COUNTY_APPROVER, AREAS["county_a"], duties=("child_protection_officer",)
    )
    household = make_household(AREAS["community_a1"], size=2)
    child = household.memberships.exclude(person=household.head).get().person
    wait, base = patient(browser), live_server.url

    login(browser, base, "op", PASSWORD)
    follow(browser, "热线工单")
    follow(browser, "登记来电")
    wait.until(ec.presence_of_element_located((By.ID, "intake-form")))
    for name, value in {
        "line": "children",
        "category": "child_emergency",
        "urgency": "urgent",
        "caller_name": "李老师",
        "callback_phone": "13900002222",
        "account": "学生说继父打他，现在不敢回家",
        "address": "黄楼小学门口",
        "id_number": child.id_number,
        "reporter_institution": "黄楼小学",
        "area_code": AREAS["community_a1"],
    }.items():
        fill(browser, name, value)
    submit_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., '登记并受理')]"))
    wait.until(ec.text_to_be_present_in_element((By.ID, "messages"), "已登记来电"))
    ticket = Ticket.objects.get()
    assert (ticket.emergency, ticket.sensitive, ticket.status) == (True, True, "accepted")
    page = browser.find_element(By.TAG_NAME, "main").text
    assert child.id_number not in page and "李*师" in page

    act(browser, wait, "escalate", {"duty_officer": str(officer.pk)}, "已办理“上报值班人员”")
    wait.until(ec.text_to_be_present_in_element((By.ID, "escalation"), "officer"))
    act(browser, wait, "police", {"reference": "J20260930"}, "已办理“移送公安”")
    act(browser, wait, "dispatch", {"unit": AREAS["county_a"]}, "已办理“派单”")
    ticket_url = browser.current_url
    screenshot(browser, "hotline_dispatched")

    login(browser, base, "officer", PASSWORD)
    browser.get(ticket_url)
    act(browser, wait, "handle", {}, "已办理“签收办理”")
    act(
        browser,
        wait,
        "reply",
        {"note": "民警与社工已到场，儿童由祖母临时照料"},
        "已办理“回复办理结果”",
    )

    login(browser, base, "op", PASSWORD)
    browser.get(ticket_url)
    act(browser, wait, "close", {}, "")  # refused: the reporter has not been told
    wait.until(
        ec.text_to_be_present_in_element(
            (By.CSS_SELECTOR, "#act-close .error"), "须先向报告人反馈"
        )
    )
    act(
        browser,
        wait,
        "feedback",
        {"feedback": "已告知李老师：儿童已安全，由祖母照料"},
        "已办理“向报告人反馈”",
    )
    act(browser, wait, "close", {}, "已办理“办结”")
    wait.until(ec.text_to_be_present_in_element((By.ID, "ticket-status"), "已办结"))
    timeline = browser.find_element(By.ID, "timeline").text
    for step in (
        "受理",
        "紧急上报值班人员",
        "移送公安",
        "派单",
        "回复办理结果",
        "向报告人反馈",
        "办结",
    ):
        assert step in timeline
    screenshot(browser, "hotline_closed")
    ticket.refresh_from_db()
    assert ticket.status == "closed"
    assert MandatoryReport.objects.get(ticket=ticket).feedback_at is not None
