"""The error path of a form, as a user meets it: open the page, fill the form with a
known mistake, press the button, and read the Chinese message next to the field.

Reusable by every domain's browser tests: describe the case as a `FormError` and
call `see_form_error(driver, base_url, case)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from tests.browser.conftest import patient


@dataclass(frozen=True)
class FormError:
    page: str  # the path of the page that carries the form
    values: dict[str, str]  # field name → value typed
    field: str  # the field that must show the error
    message: str  # (part of) the Chinese message expected next to it
    form: str = "form.form"  # CSS selector of the form, when a page has several
    opens: tuple[str, ...] = field(default=())  # CSS selectors clicked first (a <details>)


def _type(form: Any, name: str, value: str, driver: Any) -> None:
    element = form.find_element(By.NAME, name)
    if element.tag_name == "select":
        from selenium.webdriver.support.ui import Select

        Select(element).select_by_value(value)
    elif element.get_attribute("type") in {"date", "hidden"}:
        driver.execute_script("arguments[0].value = arguments[1]", element, value)
    else:
        element.clear()
        element.send_keys(value)


def see_form_error(driver: Any, base_url: str, case: FormError) -> Any:
    """Submit the case's form; return the error element once it shows the message."""
    driver.get(base_url + case.page)
    wait = patient(driver)
    for selector in case.opens:
        wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, selector))).click()
    form = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, case.form)))
    form_id = form.get_attribute("id")
    for name, value in case.values.items():
        _type(form, name, value, driver)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    where = f"#{form_id} " if form_id else ""
    locator = (By.CSS_SELECTOR, f'{where}.field-error[data-field="{case.field}"]')
    wait.until(ec.text_to_be_present_in_element(locator, case.message))
    return driver.find_element(*locator)
