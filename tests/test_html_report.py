"""The HTML report without a browser: escaping, link safety, edit links, optional reference keys, the index."""

from __future__ import annotations

import base64
import hashlib
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from auditor.scoring import worst_first
from auditor.reports.html_report import render, render_index
from auditor.reports.html_view import edit_links, safe_href, safe_url, section_numbers
from tests.html_support import FIXTURES, HOSTILE_TITLE, hostile_records, record_of, wiki_source

CASES = tomllib.loads((Path(__file__).parent / "cases" / "html_links.toml").read_text(encoding="utf-8"))


class Page(HTMLParser):
    """What a browser would see in a page: elements, event-handler attributes, links, scripts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.scripts: list[str] = []
        self.csp = ""
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        self.handlers += [(tag, name) for name, _ in attrs if name.startswith("on")]
        self.links += [v for k, v in attrs if k in ("href", "src", "action", "formaction") and v is not None]
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.csp = values.get("content") or ""
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


@pytest.mark.parametrize("case", CASES["url"], ids=[c["url"] or "empty" for c in CASES["url"]])
def test_safe_url(case: dict) -> None:
    assert (safe_url(case["url"]) or "") == case["expected"]


@pytest.mark.parametrize("case", CASES["href"], ids=[repr(c["href"]) for c in CASES["href"]])
def test_safe_href(case: dict) -> None:
    assert (safe_href(case["href"]) or "") == case["expected"]


HOSTILE = hostile_records()


@pytest.mark.parametrize("record", HOSTILE, ids=[f"{r['article']['source']['kind']}-{i}" for i, r in enumerate(HOSTILE)])
def test_hostile_article_stays_text(record: dict) -> None:
    html = render(record)
    page = Page(html)
    assert len(page.scripts) == 1, "only the report's own script"
    digest = base64.b64encode(hashlib.sha256(page.scripts[0].encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page.csp
    assert "default-src 'none'" in page.csp
    assert page.handlers == []
    assert not {"img", "iframe", "i", "object", "embed", "base"} & set(page.tags)
    assert page.tags.count("style") == 1 and page.tags.count("form") == 1
    for link in page.links:
        assert link.startswith(("#", "https://", "http://")), link
    assert "&lt;script&gt;" in html  # the title and the hostile text are shown, escaped


def test_hostile_reference_urls_are_not_links() -> None:
    html = render(record_of(FIXTURES / "hostile" / "script-injection.wiki"))
    links = Page(html).links
    assert "https://example.org/a?b=1&c=<x>" in links  # a real link survives, unescaped by the parser
    assert "http://example.com/ok" in links
    assert not [link for link in links if "alert" in link or link.startswith("data:")]
    assert "javascript:alert(document.domain)" not in html.replace("&#34;", '"').split("<table")[0]


def test_flag_date_with_markup_is_escaped() -> None:
    html = render(record_of(FIXTURES / "hostile" / "hostile-title.wiki"))
    assert "&lt;/sup&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_title_in_head_and_heading_is_escaped() -> None:
    record = record_of(FIXTURES / "hostile" / "hostile-title.wiki", HOSTILE_TITLE)
    html = render(record)
    assert "<title>Citation audit: &lt;script&gt;window.__pwned=&#34;title&#34;" in html
    assert HOSTILE_TITLE not in html


def test_edit_links_follow_section_order() -> None:
    record = record_of(FIXTURES / "wikitext" / "Douglas-Adams.wiki", "Douglas Adams", wiki_source())
    numbers = section_numbers(record["sections"])
    links = edit_links(record)
    assert numbers["(lead)"] == 0 and numbers["Early life"] == 1 and numbers["Education"] == 2
    base = "https://en.wikipedia.org/w/index.php?title=Douglas_Adams&action=edit&section="
    assert links["Education"] == base + "2"
    html = render(record)
    assert f'href="{base}2"'.replace("&", "&amp;") in html
    assert 'href="https://en.wikipedia.org/w/index.php?oldid=841482403"' in html


def test_file_input_has_no_edit_links() -> None:
    record = record_of(FIXTURES / "wikitext" / "Douglas-Adams.wiki")
    assert edit_links(record) == {}
    assert "action=edit" not in render(record)


def test_weak_claims_worst_first_with_plain_words() -> None:
    record = record_of(FIXTURES / "wikitext" / "Douglas-Adams.wiki")
    html = render(record)
    weak = [c for c in record["claims"] if c["weak"]]
    assert weak and html.count('<li class="claim ') == len(weak)
    worst = worst_first(weak)[0]  # lowest score, then highest need: two claims of Douglas Adams score 0
    first = html.index('<li class="claim ')
    assert html[first:].startswith('<li class="claim') and f'id="w-{worst["id"]}"' in html[first:first + 300]
    assert "A claim in prose, a list or a quotation with no citation" in html  # C101's summary, in plain words


def test_optional_reference_keys_are_shown_when_present() -> None:
    record = record_of(FIXTURES / "wikitext" / "Douglas-Adams.wiki")
    plain = render(record)
    ref = record["references"][0]
    ref.update(type="news", url="https://www.radioacademy.org/x", domain="radioacademy.org",
               tier="made-up-tier",
               findings=[{"code": "R399", "name": "made-up-check", "family": "references", "message": "m<b>"}])
    html = render(record)
    assert "made-up-tier" in html and "made-up-tier" not in plain
    assert "R399" in html and "m&lt;b&gt;" in html


def test_index_escapes_and_refuses_script_links() -> None:
    rows = [
        {"title": "B <script>", "score": 71.25, "claims": 10, "weak": 2, "share_cited": 0.5, "href": "B.html"},
        {"title": "A", "score": 0, "claims": 0, "weak": 0, "share_cited": 0, "href": "javascript:alert(1)"},
        {"title": "C", "href": "C.html", "error": "<b>could not fetch</b>"},
    ]
    html = render_index(rows)
    page = Page(html)
    assert page.links == ["B.html", "C.html"]
    assert "B &lt;script&gt;" in html and "&lt;b&gt;could not fetch&lt;/b&gt;" in html
    assert "71.2" in html and len(page.scripts) == 1 and page.handlers == []


TEMPLATES_KEPT = """
import json, sys
sys.dont_write_bytecode = False
from auditor.reports import html_report
html_report.TEMPLATE_CACHE = sys.argv[1]
import jinja2
compiled = []
original = jinja2.Environment.compile
jinja2.Environment.compile = lambda self, *args, **kwargs: compiled.append(1) or original(self, *args, **kwargs)
page = html_report.render(json.loads(open(sys.argv[2], encoding="utf-8").read()))
print(len(compiled), len(page))
"""


def test_a_second_process_takes_the_compiled_templates_from_the_cache(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    record = tmp_path / "record.json"
    record.write_text(json.dumps(record_of(FIXTURES / "wikitext" / "Pear.wiki")), encoding="utf-8")

    def run() -> list[int]:
        done = subprocess.run([sys.executable, "-c", TEMPLATES_KEPT, str(tmp_path / "kept"), str(record)],
                              cwd=Path(__file__).parent.parent, capture_output=True, text=True, check=True)
        return [int(n) for n in done.stdout.split()]

    first, second = run(), run()
    assert first[0] >= 2 and second == [0, first[1]]  # report and macros compiled once, the same page after
