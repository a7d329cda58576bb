"""Driving Debian's headless Chromium through chromium-driver (Selenium) in tests: the module
fixture ``driver`` and ``screenshot``, which keeps a PNG per page under ``artifacts/browser/``
(ROOST_TEST_ARTIFACTS overrides).

``make test`` installs chromium and chromium-driver when they are missing (as root) and sets
ROOST_REQUIRE_BROWSER, so there the browser tests fail rather than skip without a browser.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("ROOST_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("ROOST_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")
ARTIFACTS = Path(os.environ.get("ROOST_TEST_ARTIFACTS", "artifacts/browser"))
# The brief's flags: without them Chromium stalls on a machine with no internet.
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=900,1400",
]
WAIT = 15  # seconds a page may take to render its embeds


def _have_browser() -> bool:
    return bool(shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER))


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    if not _have_browser():
        message = f"no browser: install chromium and chromium-driver ({CHROMIUM}, {CHROMEDRIVER})"
        if os.environ.get("ROOST_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


def screenshot(driver: Any, name: str) -> None:
    """Keep a PNG of the page the browser shows as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    assert driver.save_screenshot(str(path)), path
    assert path.stat().st_size > 1000
