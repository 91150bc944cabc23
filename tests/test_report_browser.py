"""The HTML report in a real browser: headless Chromium driven by Selenium.

Checked in the browser, not in the HTML source: the index lists every document
(and pages, sorts and filters 450 of them), a document page shows the comment
section removed with its rule, and page text holding `<script>` tags shows as
text and runs nothing. Skipped, with the reason, when Chromium, chromedriver or
selenium is missing (`apt-get install -y chromium chromium-driver`).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from cleaner.cli import main
from reportbatch import ODD_NAME, XSS, seed_batch, synthetic_batch
from seeds import NAMES

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
P001 = "001_08b8e3836e7cfb0d"

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip("chromium or chromedriver not installed: apt-get install -y chromium chromium-driver",
                allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="cleaner-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    return seed_batch(tmp_path_factory.mktemp("browser"))[2]


def open_page(driver, path: Path) -> None:
    driver.get(path.resolve().as_uri())
    assert driver.execute_script("return document.readyState") == "complete"


def no_script_ran(driver) -> None:
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018  (raises when no alert() was called)
    assert driver.execute_script("return window.__xss === undefined")


def test_index_lists_every_document(browser, report: Path) -> None:
    open_page(browser, report / "index.html")
    links = browser.find_elements(By.CSS_SELECTOR, "#docs tbody tr td:first-child a")
    assert sorted(a.text for a in links) == sorted([*NAMES, "xss", ODD_NAME])
    assert browser.find_element(By.ID, "pageinfo").text == f"1–{len(NAMES) + 2} of {len(NAMES) + 2} (page 1 of 1)"
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#docs thead th")]
    assert headers[:3] == ["document", "title", "lang"] and "comments" in headers
    no_script_ran(browser)
    assert any(XSS in td.text for td in browser.find_elements(By.CSS_SELECTOR, "#docs td.title"))
    next(a for a in links if a.text == P001).click()
    assert browser.current_url.endswith(f"/doc/{P001}.html")


def test_document_page_shows_the_comment_section_removed_with_its_rule(browser, report: Path) -> None:
    open_page(browser, report / "doc" / f"{P001}.html")
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.rm")
    comments = [r for r in rows if r.find_element(By.CSS_SELECTOR, ".chip").text == "comments:section"]
    assert len(comments) >= 10
    first = comments[0]
    struck = first.find_element(By.CSS_SELECTOR, "td.raw del")
    assert struck.text == "• Aveltan"
    assert struck.get_attribute("title").startswith("comments:section: ")
    assert "line-through" in struck.value_of_css_property("text-decoration-line")
    assert first.find_element(By.CSS_SELECTOR, "td.ln").text == "61"
    kept = browser.find_element(By.CSS_SELECTOR, "tr.same")  # a kept line beside its clean paragraph
    raw_text, clean_text = (kept.find_element(By.CSS_SELECTOR, f"td.{c}").text for c in ("raw", "cl"))
    assert len(raw_text) > 40 and raw_text == clean_text
    browser.find_element(By.CSS_SELECTOR, "label[for=only-changes]").click()
    assert not kept.is_displayed() and first.is_displayed()


@pytest.mark.parametrize("page", ["doc/xss.html", f"doc/{ODD_NAME}.html"])
def test_script_in_page_text_shows_as_text_and_runs_nothing(browser, report: Path, page: str) -> None:
    open_page(browser, report / page)
    no_script_ran(browser)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert XSS in body
    assert browser.find_elements(By.TAG_NAME, "script") == []
    assert browser.find_elements(By.TAG_NAME, "img") == []


def test_index_pages_sorts_and_filters_many_documents(browser, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # durability is not under test here; speed is
    raw, clean = synthetic_batch(tmp_path, 450)
    out = tmp_path / "out"
    assert main(["report", str(raw), str(clean), "-o", str(out), "--quiet"]) == 0
    open_page(browser, out / "index.html")

    def names() -> list[str]:  # one round trip for the 200 links, not one per link
        return browser.execute_script(
            "return [...document.querySelectorAll('#docs tbody td:first-child a')].map(a => a.textContent)")

    def info() -> str:
        return browser.find_element(By.ID, "pageinfo").text

    assert len(names()) == 200 and names()[0] == "doc00000" and info() == "1–200 of 450 (page 1 of 3)"
    browser.find_element(By.ID, "next").click()
    assert names()[0] == "doc00200" and info() == "201–400 of 450 (page 2 of 3)"
    browser.find_element(By.ID, "last").click()
    assert len(names()) == 50 and names()[-1] == "doc00449"
    header = next(th for th in browser.find_elements(By.CSS_SELECTOR, "#docs thead th") if th.text == "chars in")
    header.click()  # numbers sort largest first
    assert names()[0] == "doc00449" and info().endswith("(page 1 of 3)")
    header.click()
    assert names()[0] == "doc00000"
    browser.find_element(By.ID, "filter").send_keys("doc0012")
    assert names() == [f"doc0012{i}" for i in range(10)] and info() == "1–10 of 10 (page 1 of 1)"
