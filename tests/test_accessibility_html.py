"""The `html` output: self-contained, semantic web pages, checked by axe-core in a real
headless Chromium (zero WCAG 2.1 AA violations, light and dark), reflowed to 320 px,
and the worksheet form used with the keyboard alone.

axe-core comes from the npm registry: `.ci/run` installs it into tests/node
(`npm install --prefix tests/node axe-core`); it is 650 kB minified, too big to
commit (docs/accessibility.md). Without it, or without Chromium, the browser
tests are skipped on a developer's machine and fail in CI (CI=true).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

AXE = Path(__file__).parent / "node" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def test_every_edition_and_version_has_its_pages(a11y_corpus):
    names = {path.relative_to(a11y_corpus).as_posix() for path in html_pages(a11y_corpus)}
    for topic in ("photosynthesis", "fotosintesis"):
        for edition in ("", "large-print/", "support/"):
            assert {f"{topic}/{edition}{name}" for name in
                    ("handout.html", "worksheet-A.html", "worksheet-B.html")} <= names


def test_pages_are_self_contained(a11y_corpus):
    for page in html_pages(a11y_corpus):
        html = page.read_text("utf-8")
        assert not re.search(r"""(src|href)=["'](?!data:|#|https?://example\.org/)""", html), page
        assert "url(\"data:font/ttf;base64," in html, page  # fonts inside
        assert not re.search(r"url\((?![\"']?data:)", html), page  # nothing fetched by CSS
        assert "<script" not in html and "<link" not in html and "file:" not in html, page


def test_semantic_structure(a11y_corpus):
    handout = (a11y_corpus / "photosynthesis" / "handout.html").read_text("utf-8")
    assert '<html lang="en"' in handout and '<a class="skip-link" href="#main">Skip to content</a>' in handout
    for landmark in ("<header", '<main id="main"', "<footer"):
        assert landmark in handout
    assert '<th scope="col"' in handout and '<th scope="row" class="aspect">Where</th>' in handout
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML"' in handout
    assert r'alttext="$r = \frac{\Delta V}{\Delta t}$"' in handout
    assert 'alt="A green leaf cut open to show the chloroplasts inside its cells"' in handout
    assert 'alt=""' in handout  # the decorative picture, on purpose


def test_the_worksheet_is_a_form_without_answers(a11y_corpus):
    html = (a11y_corpus / "photosynthesis" / "worksheet-A.html").read_text("utf-8")
    assert "<form" in html and html.count("<textarea") == 2 and 'type="radio"' in html
    for answer in ("Chloroplasts hold the green pigment.",  # an explanation
                   "Photosynthesis makes glucose; respiration releases its energy."):  # a model answer
        assert answer not in html
    ids = set(re.findall(r'<(?:input|textarea)[^>]* id="([^"]+)"', html))
    labelled = set(re.findall(r'<label[^>]* for="([^"]+)"', html))
    named = set(re.findall(r'<input[^>]* id="([^"]+)"[^>]* aria-label(?:ledby)?=', html))
    assert ids and ids <= labelled | named


def test_every_word_comes_from_the_language(a11y_corpus):
    for name in ("handout.html", "worksheet-A.html"):
        html = (a11y_corpus / "fotosintesis" / name).read_text("utf-8")
        assert '<html lang="es"' in html and "Saltar al contenido" in html
        for english in ("Skip to content", "Question ", "Answer to question", "Key terms", "Points for each"):
            assert english not in html, (name, english)


# ---- in Chromium ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    missing = [what for what, there in (("chromium and chromium-driver", CHROMIUM and DRIVER),
                                        (f"axe-core ({AXE})", AXE.is_file())) if not there]
    if missing:
        message = f"{' and '.join(missing)} not installed; .ci/run installs them"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def show(browser, page: Path, width: int = 1280, **media: str) -> None:
    """Open ``page`` in a viewport ``width`` CSS px wide, with media features (``prefers_color_scheme="dark"``)."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "media": media.pop("media", ""),
        "features": [{"name": name.replace("_", "-"), "value": value} for name, value in media.items()]})
    browser.get(page.resolve().as_uri())


def axe_violations(browser) -> list[str]:
    browser.execute_script(AXE.read_text("utf-8"))
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(result => done(result.violations.map(v => v.id + ': ' +"
        " v.nodes.map(n => n.target.join(' ')).join(', '))));", WCAG_AA)
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_21_aa_violation(a11y_corpus, browser, scheme):
    found = {}
    for page in html_pages(a11y_corpus):
        show(browser, page, prefers_color_scheme=scheme)
        if violations := axe_violations(browser):
            found[page.relative_to(a11y_corpus).as_posix()] = violations
    assert found == {}


def test_axe_does_find_a_violation(browser, tmp_path):
    """The check can fail: a picture without alt and grey-on-grey text."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><main>'
                    '<img src="data:,"><p style="color:#999;background:#aaa">faint</p></main></body></html>')
    show(browser, page)
    assert {v.split(":")[0] for v in axe_violations(browser)} >= {"image-alt", "color-contrast"}


def test_pages_reflow_to_a_phones_width(a11y_corpus, browser):
    """320 CSS px: a phone, and 1280 px at 400 % zoom (WCAG 1.4.10): nothing scrolls sideways."""
    wide = {}
    for page in html_pages(a11y_corpus):
        show(browser, page, width=320)
        width = browser.execute_script("return document.documentElement.scrollWidth")
        if width > 320:
            wide[page.relative_to(a11y_corpus).as_posix()] = width
    assert wide == {}


def test_the_worksheet_works_with_the_keyboard_alone(a11y_corpus, browser):
    from selenium.webdriver.common.keys import Keys

    show(browser, a11y_corpus / "photosynthesis" / "worksheet-A.html")
    active = lambda: browser.switch_to.active_element  # noqa: E731
    body = browser.find_element("tag name", "body")
    body.send_keys(Keys.TAB)
    assert active().get_attribute("class") == "skip-link"
    active().send_keys(Keys.ENTER)
    assert browser.execute_script("return location.hash") == "#main"
    fields = browser.execute_script("return document.querySelectorAll('input, textarea').length")
    reached, radios = set(), 0
    for _ in range(fields + 5):
        active().send_keys(Keys.TAB)
        element = active()
        if element.tag_name in ("input", "textarea"):
            reached.add(element.get_attribute("name"))
            if element.get_attribute("type") == "radio" and not radios:
                element.send_keys(Keys.SPACE)  # a choice is made with the keyboard
                radios += 1
            elif element.get_attribute("type") == "text" and element.get_attribute("name") == "student-1":
                element.send_keys("Ana")
    names = set(browser.execute_script(
        "return [...document.querySelectorAll('input, textarea')].map(e => e.name)"))
    assert reached == names  # every field, in one pass of Tab (a radio group is one stop)
    assert browser.execute_script("return document.querySelector('#student-1').value") == "Ana"
    assert browser.execute_script("return document.querySelectorAll('input[type=radio]:checked').length") == 1


def test_dark_mode_reduced_motion_and_print(a11y_corpus, browser):
    page = a11y_corpus / "photosynthesis" / "handout.html"
    style = "return getComputedStyle(document.documentElement)[arguments[0]]"
    show(browser, page, prefers_color_scheme="dark", prefers_reduced_motion="reduce")
    assert browser.execute_script(style, "backgroundColor") == "rgb(18, 18, 18)"
    assert browser.execute_script(style, "scrollBehavior") == "auto"
    show(browser, page, prefers_color_scheme="light", prefers_reduced_motion="no-preference")
    assert browser.execute_script(style, "backgroundColor") == "rgb(255, 255, 255)"
    assert browser.execute_script(style, "scrollBehavior") == "smooth"
    show(browser, page, media="print", prefers_color_scheme="dark")
    assert browser.execute_script(style, "backgroundColor") == "rgb(255, 255, 255)"  # paper stays white
    assert browser.execute_script("return getComputedStyle(document.querySelector('.skip-link')).display") == "none"
