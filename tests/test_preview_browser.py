"""`docgen preview` end to end in a real headless Chromium: pages update by themselves.

Skipped only when Chromium is not installed and this is not CI; in CI
(CI=true) a missing browser fails the test instead.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

from conftest import MINIMAL, write_topic
from preview_process import running_preview

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if not (CHROMIUM and DRIVER):
    if os.environ.get("CI") == "true":
        pytest.fail("chromium and chromium-driver are required in CI (see .ci/run)", pytrace=False)
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)

from selenium import webdriver  # noqa: E402 - only when a browser is there to drive
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

TOPIC = MINIMAL + """  - type: choice
    prompt: Which of these is a logistics task?
    options: [Planning delivery routes, Designing the product]
    answer: Planning delivery routes
"""


@pytest.fixture
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium')}", "--window-size=1400,1000"):
        options.add_argument(argument)
    # A driver path given: Selenium Manager (which would download drivers) never runs.
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def page_source(browser, element_id: str) -> str:
    return browser.find_element(By.ID, element_id).get_attribute("src")


def test_edit_break_and_fix_a_topic_while_its_page_is_open(project, browser, run_cli):
    path = write_topic(project, "mini", TOPIC)
    good = path.read_text("utf-8")
    # The page changes under the test's feet (that is the point): an element read
    # while it is being swapped is simply read again.
    wait = WebDriverWait(browser, 30, poll_frequency=0.05,
                         ignored_exceptions=(StaleElementReferenceException, NoSuchElementException))
    with running_preview(project) as preview:
        preview.settled()
        browser.get(preview.url)
        row = wait.until(lambda b: b.find_element(By.ID, "topic-mini").text)
        assert "Logistics vs Operations Management" in row and "Business Studies" in row and "built" in row
        browser.find_element(By.CSS_SELECTOR, "#topic-mini .topic-link").click()
        wait.until(lambda b: b.current_url.endswith("/topic/mini"))
        browser.execute_script("window.loadedOnce = 'still here'")  # gone if the page reloads
        handout, worksheet = page_source(browser, "page-handout_pdf-1"), page_source(browser, "page-worksheet_pdf-1")

        # Edit a question: the worksheet's page image changes, the page is never reloaded.
        path.write_text(good.replace("Which of these is a logistics task?",
                                     "Which of these tasks belongs to logistics?"), "utf-8")
        wait.until(lambda b: page_source(b, "page-worksheet_pdf-1") != worksheet)
        assert browser.execute_script("return window.loadedOnce") == "still here"
        assert page_source(browser, "page-handout_pdf-1") == handout  # unchanged: not fetched again
        wait.until(lambda b: b.execute_script(
            "const image = document.getElementById('page-worksheet_pdf-1');"
            "return image.complete && image.naturalWidth") > 500)

        # Break it: the CLI's message (file:line:col, hint) shows over the last good pages.
        broken = good.replace("answer: Planning delivery routes", "answer: Painting the office")
        path.write_text(broken, "utf-8")
        shown = wait.until(lambda b: b.find_element(By.CSS_SELECTOR, "#problems pre").text)
        printed = run_cli(["check", str(path)], project).err.strip()
        line = broken.splitlines().index("    answer: Painting the office") + 1
        assert re.match(rf"content/mini\.yaml:{line}:\d+: question 2 \(questions\[1\]\.answer\): ", printed), printed
        assert shown == printed and "hint:" in shown
        assert wait.until(lambda b: b.find_element(By.ID, "page-worksheet_pdf-1").is_displayed())
        assert wait.until(lambda b: b.find_element(By.CLASS_NAME, "status").text) == "failed"
        assert browser.execute_script("return window.loadedOnce") == "still here"

        # Fix it: the problem goes, the pages stay current.
        path.write_text(good, "utf-8")
        wait.until(lambda b: not b.find_elements(By.ID, "problems"))
        wait.until(lambda b: "built" in b.find_element(By.CLASS_NAME, "status").text)
        assert wait.until(lambda b: page_source(b, "page-handout_pdf-1") and page_source(b, "page-worksheet_pdf-1"))
        assert browser.execute_script("return window.loadedOnce") == "still here"

        # Remove the topic: its page gives way to the index, which no longer lists it.
        path.unlink()
        wait.until(lambda b: b.current_url == preview.url)
        assert wait.until(lambda b: b.find_element(By.ID, "empty").text)
