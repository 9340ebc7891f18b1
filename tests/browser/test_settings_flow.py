"""The standards page in a browser (issue 8 item 1): a bad value shows its Chinese
message next to the field (htmx 422 path); a good one is saved and says so."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from minzheng.core.models import ConfigValue
from tests.browser.conftest import fill, login, patient
from tests.browser.forms import FormError, see_form_error
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VERSION = {
    "key": "dibao.deadline.total_working_days",
    "area": "320302",
    "effective_from": "2026-07-01",
    "basis": "鼓楼区政府〔2026〕1号",
}


@pytest.fixture
def city_admin(module_browser, live_server, users):
    login(module_browser, live_server.url, "zhao_city", PASSWORD)
    return module_browser


def test_a_bad_value_shows_its_message_next_to_the_field(city_admin, live_server):
    case = FormError("/settings/", {**VERSION, "value": "二十"}, "value", "应为非负整数")
    error = see_form_error(city_admin, live_server.url, case)
    assert error.is_displayed()
    assert "受理后办结时限" in error.text  # the field's setting named in the message
    assert not ConfigValue.objects.exists()


def test_a_good_value_is_saved_with_a_message(city_admin, live_server):
    city_admin.get(f"{live_server.url}/settings/")
    wait = patient(city_admin)
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "form.form")))
    for name, value in {**VERSION, "value": "20"}.items():
        fill(city_admin, name, value)
    city_admin.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    wait.until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, "#messages"), "已保存“受理后办结时限”")
    )
    row = ConfigValue.objects.get(key=VERSION["key"])
    assert (row.area_id, row.value) == ("320302", "20")
