"""Headless Chromium (Debian's `chromium` + `chromium-driver`) for browser tests.

Missing on a developer's machine: the tests skip and say how to enable them.
Under CI (any truthy `CI`) a missing browser is a failure, never a silent skip.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.components import missing_component

CHROMIUM = os.environ.get("MINZHENG_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("MINZHENG_CHROMEDRIVER", "/usr/bin/chromedriver")
HOW_TO = "安装方法 / to enable: sudo apt-get install chromium chromium-driver fonts-noto-cjk"
SCREENSHOTS = Path(os.environ.get("MINZHENG_SCREENSHOTS", "var/screenshots"))


@contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator[Any]:
    """A headless Chromium session, or a skip (a failure under CI) when none is installed."""
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        message = f"未找到 Chromium 或 chromedriver（{CHROMIUM}, {CHROMEDRIVER}）。{HOW_TO}"
        missing_component(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="minzheng-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--window-size={width},{height}",
        "--lang=zh-CN",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    # The browser's console, so that tests can assert no Content-Security-Policy
    # violation (tests/browser/test_security_headers.py).
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser() -> Iterator[object]:
    with chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def module_browser() -> Iterator[object]:
    """One browser for every test of a module (starting Chromium costs seconds)."""
    with chromium() as driver:
        yield driver


def phone_width(driver: Any, width: int = 390, height: int = 844) -> None:
    """Lay pages out exactly as a phone of `width` CSS pixels would (a mobile viewport)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
    )


def patient(driver: object, timeout: float = 10) -> Any:
    """A wait that tolerates the page changing under it: Chromium may answer a read of a
    node from the previous page with "does not belong to the document" instead of a
    stale-element error, which Selenium's default wait does not ignore."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, ignored_exceptions=(WebDriverException,))  # type: ignore[arg-type]


def screenshot(driver: object, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))  # type: ignore[attr-defined]
    return path


def login(driver: object, base_url: str, username: str, password: str) -> None:
    """Log out whoever is logged in, then log in as `username`.

    The log-in page is loaded fresh and its fields are awaited, so a page still
    settling from the previous step (an htmx swap) cannot hand over stale nodes.
    """
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    wait = patient(driver)
    for attempt in range(3):
        try:
            driver.get("about:blank")  # type: ignore[attr-defined]
            driver.delete_all_cookies()  # type: ignore[attr-defined]
            driver.get(f"{base_url}/login/")  # type: ignore[attr-defined]
            wait.until(ec.presence_of_element_located((By.NAME, "username"))).send_keys(username)
            wait.until(ec.presence_of_element_located((By.NAME, "password"))).send_keys(password)
            driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()  # type: ignore[attr-defined]
            wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), "您好"))
            return
        except (StaleElementReferenceException, WebDriverException):
            if attempt == 2:
                raise


def fill(driver: object, name: str, value: str) -> None:
    """Set a field by name; date inputs are set directly (their typing is locale-bound)."""
    from selenium.webdriver.common.by import By

    field = driver.find_element(By.NAME, name)  # type: ignore[attr-defined]
    if field.get_attribute("type") in {"date", "hidden"}:
        driver.execute_script("arguments[0].value = arguments[1]", field, value)  # type: ignore[attr-defined]
    elif field.tag_name == "select":
        from selenium.webdriver.support.ui import Select

        Select(field).select_by_value(value)
    else:
        field.clear()
        field.send_keys(value)


def wait_replaced(driver: object, element: object, timeout: float = 10) -> None:
    """Wait until `element` has left the page (a navigation or an htmx swap). Chromium
    may report an old node as "does not belong to the document" rather than as stale,
    which Selenium's `staleness_of` does not treat as gone."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    def gone(_: object) -> bool:
        try:
            element.is_enabled()  # type: ignore[attr-defined]
        except WebDriverException:
            return True
        return False

    WebDriverWait(driver, timeout).until(gone)  # type: ignore[arg-type]


def follow(driver: object, link_text: str, timeout: float = 10, *, partial: bool = False) -> None:
    """Open the link called `link_text` (or containing it, `partial`). The node is found and
    its address read in one retried step: a search box may swap its results twice (typing,
    then the button), and a link found before the second swap is stale by the time it is
    read. `driver.get` then waits for the new page, so nothing of the old one is used."""
    from selenium.webdriver.common.by import By

    how = By.PARTIAL_LINK_TEXT if partial else By.LINK_TEXT
    href = patient(driver, timeout).until(
        lambda d: d.find_element(how, link_text).get_attribute("href")
    )
    driver.get(href)  # type: ignore[attr-defined]


def submit_and_wait(driver: object, button: object, timeout: float = 10) -> None:
    """Press a button that reloads the page (a plain post, or htmx's HX-Redirect) and wait
    until the old page is gone, so no later read lands on it."""
    button.click()  # type: ignore[attr-defined]
    wait_replaced(driver, button, timeout)
