"""The error paths of the domain forms in a browser (issue 17): case actions on the case
page (plain posts answered 422 with the whole page), the inline visit form of 我的排查对象
(an htmx fragment swapped in place), a lead's verification and the administrator's
calendar. Each test walks several forms in a row with one browser for the module; every
other form is covered by the Django test-client tests listed in docs/testing.md."""

from __future__ import annotations

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.assistance.services import applications as apps
from minzheng.assistance.standards import seed_example_standards
from minzheng.core.models import CalendarYear
from minzheng.screening.models import Visit
from minzheng.warning.models import Lead
from minzheng.warning.services import leads_ingest
from minzheng.warning.settings_specs import seed_example_settings
from tests.browser.conftest import fill, login, patient, submit_and_wait
from tests.browser.forms import FormError, see_form_error
from tests.factories import PASSWORD, make_household
from tests.screening.conftest import make_running

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def next_year(users):
    # Deadlines from late in a year run into the next (D11.3).
    CalendarYear.objects.create(year=timezone.localdate().year + 1, source="测试")


def _shown(driver, case: FormError) -> str:
    return see_form_error(driver, "", case).text


def test_case_actions_show_their_errors_then_a_success(
    module_browser, live_server, users, next_year
):
    seed_example_standards()
    household = make_household(size=2)
    app = apps.application_submit(
        actor=users["caseworker"],
        household=household,
        applicant=household.head,
        programme="dibao",
        channel="in_person",
    )
    apps.application_accept(actor=users["township"], application=app)
    page = f"{live_server.url}/assistance/applications/{app.pk}/"
    today = timezone.localdate().isoformat()
    login(module_browser, live_server.url, "li_township", PASSWORD)
    negative = FormError(
        page,
        {
            "means_test-reference": "HD-9",
            "means_test-received_on": today,
            "means_test-monthly_income": "-5",
        },
        "monthly_income",
        "大于或等于0",
        form="#action-means_test form",
    )
    assert "大于或等于0" in _shown(module_browser, negative)
    no_reason = FormError(
        page, {"withdraw-note": ""}, "note", "须填写意见或理由", form="#action-withdraw form"
    )
    assert _shown(module_browser, no_reason) == "执行“申请人撤回”须填写意见或理由"

    module_browser.get(page)
    fill(module_browser, "means_test-reference", "HD-9")
    fill(module_browser, "means_test-received_on", today)
    fill(module_browser, "means_test-monthly_income", "900.00")
    card = module_browser.find_element(By.ID, "action-means_test")
    submit_and_wait(module_browser, card.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    patient(module_browser).until(
        ec.text_to_be_present_in_element((By.ID, "messages"), "已办理“录入家庭经济状况核对报告”")
    )
    assert "HD-9" in module_browser.find_element(By.ID, "means-tests").text


def test_the_inline_visit_form_shows_its_error_in_place(
    module_browser, live_server, users, next_year
):
    make_running(users)
    login(module_browser, live_server.url, "wang_caseworker", PASSWORD)
    case = FormError(
        f"{live_server.url}/screening/targets/",
        {
            "method": "home",
            "situation": "独居，冬季取暖困难",
            "outcome": "placed_under_tracked_help",
            "reason": "独居高龄",
        },
        "help_plan",
        "请填写帮扶计划",
        form="#targets td form.form",
        opens=("#targets a[hx-get]",),
    )
    error = see_form_error(module_browser, "", case)
    assert error.text == "请填写帮扶计划"
    # Swapped in place: still the targets page, the form inside its row.
    assert module_browser.find_element(By.CSS_SELECTOR, "main h1").text.startswith("我的排查对象")
    assert not Visit.objects.exists()


def test_a_lead_and_the_calendar_show_their_errors(module_browser, live_server, users, areas):
    seed_example_standards()
    seed_example_settings()
    head = make_household(size=2).head
    leads_ingest(
        findings=[
            {
                "run_id": "2026-10-x",
                "rule_id": "W008",
                "rule_title": "疑似低保或低保边缘家庭",
                "period": "2026-10",
                "severity": "medium",
                "id_number": head.id_number,
                "household_id": None,
                "area_code": head.area_id,
                "evidence": "家庭人均月收入约600元",
            }
        ],
        today=timezone.localdate(),
    )
    lead = Lead.objects.get()
    login(module_browser, live_server.url, "wang_caseworker", PASSWORD)
    blank = FormError(
        f"{live_server.url}/warning/leads/{lead.pk}/",
        {"method": "phone", "findings": ""},
        "findings",
        "必填",
        form="#lead-visit form",
    )
    assert "必填" in _shown(module_browser, blank)

    login(module_browser, live_server.url, "zhao_city", PASSWORD)
    no_date = FormError(
        f"{live_server.url}/calendar/",
        {"date": "", "note": "调休"},
        "date",
        "必填",
        form="#calendar-override",
    )
    assert "必填" in _shown(module_browser, no_date)
