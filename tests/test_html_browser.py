"""The HTML report in a real browser: Debian's chromium driven by playwright.

Skips, saying why, where /usr/bin/chromium is missing (`.ci/run` installs it).
Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from auditor.checks import BY_CODE
from auditor.reports.html_report import render, render_index
from tests.html_support import FIXTURES, HOSTILE_TITLE, LAYOUT_JS, hostile_records, record_of, wiki_source

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="browser tests need Debian's chromium at /usr/bin/chromium "
                                       "(apt-get install chromium; .ci/run does it)")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Watched:
    """A page opened from a file, with every request, dialog and page error it causes recorded."""

    def __init__(self, browser: object, html: str, path: Path, width: int = 1200) -> None:
        path.write_text(html, encoding="utf-8")
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(self.url)

    def _route(self, route: object) -> None:
        # The page itself is the only thing allowed to load; anything else is recorded and refused.
        if route.request.url.split("#")[0] == self.url:
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def visible(self, selector: str) -> int:
        return self.page.locator(f"{selector}:visible").count()


@pytest.fixture(scope="module")
def report(browser: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Watched]:
    record = record_of(FIXTURES / "wikitext" / "Douglas-Adams.wiki", "Douglas Adams", wiki_source())
    watched = Watched(browser, render(record), tmp_path_factory.mktemp("html") / "Douglas_Adams.html")
    yield watched
    watched.page.close()


def test_weak_claims_listed(report: Watched) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    report.page.screenshot(path=str(ARTIFACTS / "douglas-adams-summary.png"))
    weak = report.visible("#weak-list > li")
    assert weak > 50
    assert report.page.locator("#weak-count").inner_text() == str(weak)
    assert report.page.locator("#filters").is_visible()
    assert report.requests == [] and report.dialogs == [] and report.errors == []


def test_filter_by_code_changes_list_and_fragment(report: Watched) -> None:
    page = report.page
    total = report.visible("#weak-list > li")
    page.select_option("#f-code", "C104")
    shown = report.visible("#weak-list > li")
    assert 0 < shown < total
    assert all("C104" in c.get_attribute("data-codes") for c in page.locator("#weak-list > li:visible").all())
    assert "code=C104" in page.evaluate("location.hash")
    assert "Showing" in page.locator("#status").inner_text()
    page.locator("#weak").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "douglas-adams-filter-C104.png"))
    page.select_option("#f-family", "flags")
    assert report.visible("#weak-list > li") <= shown
    page.click("#f-reset")
    page.wait_for_function("document.getElementById('f-code').value === ''")
    # Reset clears the filters one by one: wait for the list it ends with, not the first cleared field (the
    # report's policy forbids a string predicate that has to be polled, so the test polls).
    for _ in range(50):
        if report.visible("#weak-list > li") == total:
            break
        page.wait_for_timeout(100)
    assert report.visible("#weak-list > li") == total


def test_search_and_shared_fragment(report: Watched, browser: object) -> None:
    page = report.page
    page.fill("#f-q", "Hitchhiker")
    items = page.locator("#weak-list > li:visible")
    assert items.count() > 0
    assert all("hitchhiker" in text.lower() for text in items.all_inner_texts())
    fragment = page.evaluate("location.hash")
    assert "q=Hitchhiker" in fragment
    other = browser.new_page()
    other.goto(report.url + fragment)
    assert other.input_value("#f-q") == "Hitchhiker"
    assert other.locator("#weak-list > li:visible").count() == items.count()
    other.close()
    page.fill("#f-q", "")


def test_section_link_opens_collapsed_claims(report: Watched) -> None:
    page = report.page
    assert not page.locator("#sec-2").evaluate("d => d.open")
    page.click("a[href='#sec-2']")
    assert page.locator("#sec-2").evaluate("d => d.open")
    assert page.locator("#sec-2 span.c").first.is_visible()


def test_edit_link_and_keyboard(report: Watched) -> None:
    link = report.page.locator("#weak-list a.edit").first
    assert "action=edit&section=" in link.get_attribute("href")
    report.page.focus("#f-code")
    report.page.keyboard.press("Tab")
    assert report.page.evaluate("document.activeElement.id") == "f-family"


def test_phone_width_and_no_script(browser: object, tmp_path: Path) -> None:
    record = record_of(FIXTURES / "wikitext" / "Douglas-Adams.wiki")
    phone = Watched(browser, render(record), tmp_path / "phone.html", width=375)
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 375
    phone.page.screenshot(path=str(ARTIFACTS / "douglas-adams-phone.png"))
    phone.page.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(phone.url)
    assert page.locator("#weak-list > li:visible").count() == sum(c["weak"] for c in record["claims"])
    assert not page.locator("#filters").is_visible()
    context.close()


@pytest.mark.parametrize("index", range(len(hostile_records())))
def test_hostile_article_runs_no_script(browser: object, tmp_path: Path, index: int) -> None:
    record = hostile_records()[index]
    hostile = Watched(browser, render(record), tmp_path / "hostile.html")
    page = hostile.page
    # Would fire any onmouseover/onclick/onfocus an article managed to smuggle in as an attribute.
    page.evaluate("""() => document.querySelectorAll('body *:not(a):not(button):not(select)').forEach(el => {
        for (const type of ['mouseover', 'click', 'focus']) el.dispatchEvent(new Event(type, {bubbles: true}));
    })""")
    assert page.evaluate("window.__pwned === undefined")
    assert hostile.dialogs == [] and hostile.requests == [] and hostile.errors == []
    assert HOSTILE_TITLE in page.locator("#article-title").inner_text()
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    assert all(h.startswith(("http:", "https:", "file:")) for h in hrefs), hrefs
    if index == 0:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "hostile-title.png"), full_page=True)
    page.close()


def test_index_sorts(browser: object, tmp_path: Path) -> None:
    rows = [{"title": t, "score": s, "claims": 10, "weak": w, "share_cited": 0.5, "href": f"{t}.html"}
            for t, s, w in (("Beta", 40.0, 6), ("Alpha", 90.5, 1), ("Gamma", 65.0, 3))]
    rows.append({"title": "Delta", "href": "Delta.html", "error": "could not fetch"})
    index = Watched(browser, render_index(rows), tmp_path / "index.html")
    page = index.page
    page.click("th:nth-child(2) button.sort")
    titles = page.locator("tbody th").all_inner_texts()
    assert titles[:3] == ["Beta", "Gamma", "Alpha"]
    assert page.locator("th:nth-child(2)").get_attribute("aria-sort") == "ascending"
    page.click("th:nth-child(1) button.sort")
    assert page.locator("tbody th").all_inner_texts() == ["Alpha", "Beta", "Delta", "Gamma"]
    page.screenshot(path=str(ARTIFACTS / "index-sorted.png"))
    assert index.requests == [] and index.errors == []
    page.close()


#: The articles the report must read well at both widths: (fixture, screenshot name).
ARTICLES = [(FIXTURES / "wikitext" / "Douglas-Adams.wiki", "douglas-adams"),
            (FIXTURES / "balli-kombetar-excerpt.txt", "balli-kombetar-excerpt")]


@pytest.fixture(scope="module", params=ARTICLES, ids=lambda a: a[1])
def article(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path, str]:
    path, name = request.param
    record = record_of(path)
    page = tmp_path_factory.mktemp("layout") / f"{name}.html"
    page.write_text(render(record), encoding="utf-8")
    return record, page, name


@pytest.mark.parametrize("width", [1400, 400])
def test_no_sideways_scroll_and_no_squeezed_cell(browser: object, article: tuple[dict, Path, str],
                                                 width: int) -> None:
    """A phone shows the sources as cards: nothing scrolls sideways and no cell is narrower than a word."""
    record, path, name = article
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.as_uri())
    layout = page.evaluate(LAYOUT_JS)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"))
    page.locator("#sources tbody tr").nth(min(19, len(record["references"]) - 1)).scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}-sources.png"))
    assert layout["scroll"] <= width
    assert layout["squeezed"] == []
    wide = page.evaluate("""() => [...document.querySelectorAll('main *')].filter(
        e => e.getBoundingClientRect().right > window.innerWidth + 1 && e.offsetParent !== null
             && !e.closest('.scroll')).map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert wide == []
    page.close()


def test_markers_stand_where_the_page_has_them(browser: object, tmp_path: Path) -> None:
    """A partly cited claim shows its citation mid-sentence, its unsourced end after it."""
    record = record_of(FIXTURES / "wikitext" / "Douglas-Adams.wiki")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    (tmp_path / "r.html").write_text(render(record), encoding="utf-8")
    page.goto((tmp_path / "r.html").as_uri())
    text = page.locator("#w-c149 p.text")
    shown = text.inner_text()
    assert "Hyperland[32] which featured Tom Baker" in shown
    assert not shown.rstrip().endswith("]")
    # The marker is drawn before the text it does not cover, in the page's own layout too.
    marker = text.locator("sup.mark").first.bounding_box()
    assert marker["y"] < text.bounding_box()["y"] + text.bounding_box()["height"] - marker["height"]
    text.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#w-c149").screenshot(path=str(ARTIFACTS / "douglas-adams-partly-cited.png"))
    page.close()


def test_flags_in_the_words_the_page_shows(browser: object, article: tuple[dict, Path, str]) -> None:
    record, path, _ = article
    page = browser.new_page()
    page.goto(path.as_uri())
    flags = page.eval_on_selector_all("sup.flag", "els => els.map(e => e.textContent)")
    assert flags and all(f.startswith("[") and f.endswith("]") and not f.startswith("[[") for f in flags)
    assert "[cn]" not in flags and "[which]" not in flags
    page.close()


def test_each_weak_claim_shows_a_fix(browser: object, article: tuple[dict, Path, str]) -> None:
    """Every weak claim's card says what to do, and the codes' definitions stand once, in the legend."""
    record, path, _ = article
    page = browser.new_page()
    page.goto(path.as_uri())
    cards = page.locator("#weak-list > li")
    assert cards.count() == sum(c["weak"] for c in record["claims"]) > 0
    without = page.evaluate("""() => [...document.querySelectorAll('#weak-list > li')]
        .filter(li => !li.querySelector('.fix') || !li.querySelector('.fix').innerText.trim()).map(li => li.id)""")
    assert without == []
    for code in record["summary"]["counts"]:
        summary = BY_CODE[code].summary
        assert page.locator(f"#code-{code}").count() == 1
        assert summary in page.locator("#codes").text_content()
        assert summary not in page.locator("#weak-list").inner_text()
    page.close()
