"""The page in a real browser: Debian's chromium, headless, driven by Selenium, against a real
`sse-channels serve`. Keyboard only: Tab to the box, type 老鼠仓, the first card is 信访举报
with its tel: link; at 375 px nothing scrolls sideways; the console stays clean. The
screenshot it takes is the one README.md shows (docs/serve.png).

Skipped where chromium is not installed, except under CI (CI set), where that is a failure:
`.ci/run` installs it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO
from .webserver import serving

CHROMIUM = "/usr/bin/chromium"
SCREENSHOT = REPO / "docs" / "serve.png"
WIDTH, HEIGHT = 375, 812


def _chromedriver() -> str | None:
    return shutil.which("chromedriver") or (
        "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    driver_path = _chromedriver()
    if not Path(CHROMIUM).exists() or driver_path is None:
        message = "no chromium: apt-get install chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="sse-channels-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        f"--window-size={WIDTH},{HEIGHT}",
        "--lang=zh-CN",
        "--accept-lang=zh-CN,zh",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    # A phone's viewport: a desktop window is never narrower than 500 px.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 2, "mobile": True},
    )
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serving() as url:
        yield url


def _errors(driver: Any) -> list[dict[str, Any]]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def _first_card(driver: Any) -> tuple[str, str, str]:
    from selenium.webdriver.common.by import By

    card = driver.find_element(By.CSS_SELECTOR, "#results li.card")
    name = card.find_element(By.CSS_SELECTOR, "h2.name").text
    tel = card.find_element(By.CSS_SELECTOR, "a.tel").get_attribute("href")
    return str(card.get_attribute("data-id")), name, str(tel)


def test_keyboard_search_as_you_type_finds_the_petitions_line(browser, base) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(base + "/")
    assert browser.find_element("css selector", "html").get_attribute("lang") == "zh-CN"
    # Keyboard only: Tab from the top of the page until the search box has the focus.
    for _ in range(6):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        if browser.switch_to.active_element.get_attribute("id") == "q":
            break
    assert browser.switch_to.active_element.get_attribute("id") == "q"
    ActionChains(browser).send_keys("老鼠仓").perform()
    WebDriverWait(browser, 10).until(lambda d: "q=" in d.current_url)  # the script updated it
    assert _first_card(browser) == ("petitions.phone", "信访举报电话", "tel:+864008888400,1,3")
    width = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert width[0] <= width[1], width  # no horizontal scroll
    assert width[1] <= WIDTH
    SCREENSHOT.parent.mkdir(exist_ok=True)
    browser.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # Enter submits the form: the same first card, rendered by the server.
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    WebDriverWait(browser, 10).until(
        lambda d: "/?q=" in d.current_url and "lang=zh" in d.current_url
    )
    assert _first_card(browser) == ("petitions.phone", "信访举报电话", "tel:+864008888400,1,3")
    assert _errors(browser) == []


def test_the_channel_page_fits_375_px_and_keeps_the_console_clean(browser, base) -> None:
    browser.get(base + "/c/tech.hotline")
    width = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert width[0] <= width[1], width
    assert len(browser.find_elements("css selector", "figure.qr svg")) > 1
    browser.get(base + "/?lang=en")
    assert browser.find_element("css selector", "html").get_attribute("lang") == "en"
    assert len(browser.find_elements("css selector", "#results li.card")) == 14
    assert _errors(browser) == []
