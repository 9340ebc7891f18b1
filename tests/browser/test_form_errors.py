"""Every core form shows its errors (issue 17, defect 1): htmx 2 swaps nothing on a
4xx answer unless told to, so a 422 with the form used to leave a dead button.

Each case submits a known mistake and reads the Chinese message next to its field.
Other domains add their forms with `tests.browser.forms.FormError`.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.core import idnumber
from minzheng.core.models import Household, Person
from tests.browser.conftest import follow, login, patient
from tests.browser.forms import FormError, see_form_error
from tests.factories import AREAS, PASSWORD, make_household, new_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNREGISTERED = idnumber.make("320302", dt.date(1975, 6, 1), 901)


def _wrong_check_digit(number: str) -> str:
    wrong = "0" if number[17] != "0" else "1"
    return number[:17] + wrong


@pytest.fixture
def caseworker(module_browser, live_server, users):
    login(module_browser, live_server.url, "wang_caseworker", PASSWORD)
    return module_browser


def _cases(household: Household) -> list[FormError]:
    members = f"/households/{household.pk}/members/"
    leave = household.memberships.exclude(relation="head").first()
    assert leave is not None
    too_late = timezone.localdate() + dt.timedelta(days=60)
    return [
        FormError(
            "/persons/new/",
            {"id_number": _wrong_check_digit(new_id_number()), "name": "李四"},
            "id_number",
            "校验码错误",
        ),
        FormError(
            "/households/new/",
            {"address": "和平路2号", "head_id_number": UNREGISTERED},
            "head_id_number",
            "请先登记人员",
        ),
        FormError(
            f"/households/{household.pk}/",
            {"id_number": UNREGISTERED},
            "id_number",
            "请先登记人员",
            form=f"form[action='{members}']",
            opens=("details.action.card > summary",),
        ),
        FormError(
            f"/households/{household.pk}/",
            {"until": too_late.isoformat(), "reason": "外出务工"},
            "until",
            "离开日期不能晚于一个月以后",
            form=f"form[action='/households/{household.pk}/members/{leave.pk}/leave/']",
            opens=("table.list details.action > summary",),
        ),
        FormError(
            f"/persons/new/?household={household.pk}",
            {"id_number": "3203", "name": "王五"},
            "id_number",
            "身份证号码应为18位",
        ),
    ]


CASE_NAMES = ["person_new", "household_new", "member_add", "member_leave", "person_new_joins"]


@pytest.mark.parametrize("index", range(len(CASE_NAMES)), ids=CASE_NAMES)
def test_a_core_form_shows_its_error_next_to_the_field(caseworker, live_server, index):
    household = make_household(size=2)
    case = _cases(household)[index]
    error = see_form_error(caseworker, live_server.url, case)
    assert error.is_displayed()
    assert not Person.objects.filter(name__in=["李四", "王五"]).exists()


def test_the_missing_person_error_links_to_registering(caseworker, live_server):
    household = make_household(size=2)
    case = _cases(household)[2]
    error = see_form_error(caseworker, live_server.url, case)
    error.find_element(By.LINK_TEXT, "登记人员").click()
    wait = patient(caseworker)
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), "加入家庭"))


def test_a_request_the_server_refuses_shows_a_message(caseworker, live_server):
    """Not a form error (404 here): nothing is swapped, the message area says why."""
    caseworker.get(f"{live_server.url}/households/")
    caseworker.execute_script(
        "htmx.ajax('POST', '/households/999999/members/', {target: 'main', values: {}})"
    )
    wait = patient(caseworker)
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "#messages"), "找不到该记录"))
    assert caseworker.find_element(By.CSS_SELECTOR, "main h1").text == "家庭查询"


def test_registering_into_a_household_says_so_after_the_redirect(caseworker, live_server):
    household = make_household(size=1)
    number = idnumber.make("320302", dt.date(1990, 2, 3), 77)
    caseworker.get(f"{live_server.url}/households/{household.pk}/")
    caseworker.find_element(By.CSS_SELECTOR, "details.action.card > summary").click()
    # The household page has visible forms of its own: open the link's page by its
    # address, so the form found next can only be the new page's.
    follow(caseworker, "登记新人员并加入本户")
    wait = patient(caseworker)
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), "加入家庭"))
    form = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "form.form")))
    form.find_element(By.NAME, "id_number").send_keys(number)
    form.find_element(By.NAME, "name").send_keys("赵六")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "#messages"), "已登记赵六"))
    assert household.current_members().filter(person__id_number=number).exists()
    assert AREAS["community_a1"] == Person.objects.get(id_number=number).area_id


def test_a_domain_form_uses_the_same_helper(caseworker, live_server):
    """申请救助 (assistance) answers with its whole page and 422; the form is picked out
    of it and swapped, so the missing pledge shows next to its box."""
    household = make_household(size=2)
    case = FormError(
        f"/assistance/households/{household.pk}/apply/",
        {"programme": "dibao", "track": "fast"},
        "pledge_signed",
        "须签署信用承诺书",
    )
    assert see_form_error(caseworker, live_server.url, case).is_displayed()
