"""Rendered HTML: constructs read as the wikitext reader reads them, and one article two ways (issue 13)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from auditor.model import Article, SourceInfo
from auditor.parse import detect_format, parse_article
from casefiles import cases

FIXTURES = Path(__file__).parent.parent / "fixtures"
SOURCE = SourceInfo("file", "case.html")


def _flags(claim) -> list[str]:
    return [" ".join(filter(None, (f.name, f.date))) for f in claim.flags]


@pytest.mark.parametrize("case", cases("html.toml"))
def test_html_as_the_reader_reads_it(case: dict) -> None:
    article = parse_article(case["input"], "html", SOURCE)
    got = [{"text": c.text, "kind": c.kind, "section": c.section, "citations": [x.label for x in c.citations],
            "flags": _flags(c), "coverage": c.coverage} for c in article.claims]
    want = case["claims"]
    assert [{k: g[k] for k in w} for g, w in zip(got, want)] == want
    assert len(got) == len(want), [g["text"] for g in got]


def _enterprise(name: str) -> dict:
    return json.loads((FIXTURES / "html" / f"enterprise-{name}.json").read_text("utf-8"))


def _pair(name: str) -> tuple[str, str]:
    """(HTML, wikitext) of one revision."""
    if name.startswith("enterprise-"):
        body = _enterprise(name.removeprefix("enterprise-"))["article_body"]
        return body["html"], body["wikitext"]
    return ((FIXTURES / "html" / f"{name}.html").read_text("utf-8"),
            (FIXTURES / "wikitext" / f"{name}.wiki").read_text("utf-8"))


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())[:60]


#: HTML claims that are no wikitext claims, each with why (text only templates render). None so far:
#: every claim of the four pages is found in its wikitext.
EXPLAINED: dict[str, str] = {}

PAIRS = ["Douglas-Adams", "Blue-Train-album", "enterprise-William_Clark_inventor", "enterprise-Mike_Potts"]


def _both(name: str) -> tuple[Article, Article]:
    html, wikitext = _pair(name)
    return (parse_article(html, "auto", SourceInfo("file", f"{name}.html")),
            parse_article(wikitext, "wikitext", SourceInfo("file", f"{name}.wiki")))


@pytest.mark.parametrize("name", PAIRS)
def test_html_and_wikitext_of_one_revision_give_the_same_claims(name: str) -> None:
    """Item 5: >= 95% of the HTML's claims are wikitext claims, all with the same citations and flags."""
    html, wiki = _both(name)
    assert html.input_format == "html"
    by_key = {_key(c.text): c for c in wiki.claims}
    matched = [c for c in html.claims if _key(c.text) in by_key]
    assert len(matched) >= 0.95 * len(html.claims)
    for claim in matched:
        other = by_key[_key(claim.text)]
        assert [c.label for c in claim.citations] == [c.label for c in other.citations], claim.text
        assert _flags(claim) == _flags(other), claim.text
        assert (claim.section, claim.kind, claim.coverage) == (other.section, other.kind, other.coverage), claim.text
    unexplained = [c.text for c in html.claims if _key(c.text) not in by_key and _key(c.text) not in EXPLAINED]
    assert unexplained == []
    assert len(html.claims) == len(wiki.claims)


@pytest.mark.parametrize("name", PAIRS)
def test_html_references_know_at_least_the_urls_wikitext_knows(name: str) -> None:
    html, wiki = _both(name)
    assert [r.label for r in html.references if r.label] == [r.label for r in wiki.references]
    urls = {r.label: r.field("url") for r in html.references}
    for reference in wiki.references:
        if reference.field("url"):
            assert urls[reference.label] == reference.field("url"), reference.label


def test_the_rendered_page_shows_urls_the_wikitext_hides() -> None:
    """Blue Train's {{AllMusic}} reference: only the rendered page has its URL."""
    html, wiki = _both("Blue-Train-album")
    assert sum(bool(r.field("url")) for r in html.references) > sum(bool(r.field("url")) for r in wiki.references)


def test_references_fields_from_cite_classes_and_coins() -> None:
    html, _ = _both("Douglas-Adams")
    by_label = {r.label: r for r in html.references}
    assert by_label["3"].kind == "short" and by_label["3"].resolved == "yes"
    assert by_label["3"].field("title") == "The Salmon of Doubt: Hitchhiking the Galaxy One Last Time"
    web = [r for r in html.references if r.template == "cite web"]
    assert web and all(r.field("url") for r in web)
    assert any(r.field("dead-link") == "June 2016" for r in html.references)


@pytest.mark.parametrize("name, expected", [
    ("html/Douglas-Adams.html", "html"), ("html/Blue-Train-album.html", "html"),
    ("html/parsoid-William_Clark_inventor.html", "html"), ("wikitext/Douglas-Adams.wiki", "wikitext"),
    ("wikitext/Blue-Train-album.wiki", "wikitext"), ("rendered/Douglas-Adams.txt", "text"),
    ("html/Mozilla.html", "html"), ("html/New-Zealand.html", "html"), ("rendered/New_Zealand.txt", "text"),
    ("rendered/HTML.txt", "text"),  # a copy of enwiki "HTML": its examples' tags are fewer than its markers
])
def test_html_is_detected_from_content(name: str, expected: str) -> None:
    assert detect_format((FIXTURES / name).read_text("utf-8")) == expected


def test_a_copy_quoting_tags_is_a_copy() -> None:
    """A made-up copy of an article about markup: a few quoted tags, more markers in the text."""
    copy = ("Tags\n\nA paragraph is written <p>like this</p> and an item <li>like this</li>.[1]\n\n"
            "A heading is written <h2>like this</h2>.[2] A list holds items.[3] Browsers show the words.[4]\n\n"
            "Old pages wrote <p>one</p> <p>two</p> <p>three</p>.[5][6]\n")
    assert detect_format(copy) == "text"
    assert detect_format("<p>A paragraph.</p><p>Another.</p><p>A third.</p><ul><li>An item.</li><li>Two.</li></ul>") == "html"


def test_parsoid_page_title_from_its_head() -> None:
    html, _ = _pair("enterprise-William_Clark_inventor")
    assert parse_article(html, "auto", SourceInfo("file", "x.html")).title == "William Clark (inventor)"


def test_a_page_with_inline_math_keeps_each_formula_in_its_sentence_once() -> None:
    """enwiki Hermitian matrix (66 inline formulas): no sentence keeps the hole a dropped formula leaves, and
    a formula written twice (MathML and its fallback image) is read once."""
    html = (FIXTURES / "html" / "Hermitian-matrix.html").read_text("utf-8")
    texts = [c.text for c in parse_article(html, "html", SourceInfo("file", "Hermitian-matrix.html")).claims]
    assert "If the conjugate transpose of a matrix A is denoted by A^{\\mathsf {H}}, then the Hermitian property " \
           "can be written concisely as" in texts
    assert "Still in functional analysis, \\lambda _{\\max } is known as the spectral radius." in texts
    holes = [t for t in texts if re.search(r"\s[,.;:](?:\s|$)|\(\s*\)", t)]  # "denoted by , then"
    assert holes == []
    assert not any("displaystyle" in t or "\\lambda_\\max" in t for t in texts)


def test_a_gallery_gives_the_same_caption_claims_from_wikitext_and_html() -> None:
    """A made-up gallery (no real page pair with one is in fixtures/), written both ways: the same captions,
    each with its citation, and the gallery's title (caption=) in neither."""
    wikitext = ("Cattle graze.<ref>A</ref>\n<gallery caption=\"Breeds\">\nFile:Z.jpg|alt=A cow|A Zebu cow.<ref>B</ref>"
                " It came from [[India]].\nFile:Y.jpg\n</gallery>\nThey eat grass.<ref>C</ref>\n")
    html = next(p.values[0]["input"] for p in cases("html.toml") if p.id.startswith("a Parsoid gallery"))
    got = [[(c.text, c.kind, [x.label for x in c.citations]) for c in parse_article(text, kind, SOURCE).claims]
           for text, kind in ((wikitext, "wikitext"), (html, "html"))]
    assert got[0] == got[1]
    assert [c for c in got[1] if c[1] == "caption"] == [("A Zebu cow.", "caption", ["2"]),
                                                        ("It came from India.", "caption", [])]


@pytest.mark.parametrize("html, copy, count", [("Blue-Train-album", "Blue-Train-album", 21),
                                               ("parsoid-William_Clark_inventor", "William-Clark-inventor", 18)])
def test_a_page_and_its_copy_give_the_same_claims(html: str, copy: str, count: int) -> None:
    """enwiki Blue Train (album) (a saved page: track listing tables, a Personnel list) and William Clark
    (inventor) (Parsoid HTML of an Enterprise record: post-nominals "M. Inst. C.E., ...") read the same from the
    HTML and from its copy (scripts/copy_from_html.py): claim by claim, text, kind, section, coverage, citations."""
    def claims(article: Article) -> list[tuple]:
        return [(c.text, c.kind, c.section, c.coverage, [x.label for x in c.citations]) for c in article.claims]

    page = parse_article((FIXTURES / "html" / f"{html}.html").read_text("utf-8"), "html", SOURCE)
    text = parse_article((FIXTURES / "rendered" / f"{copy}.txt").read_text("utf-8"), "text", SOURCE)
    assert claims(text) == claims(page) and len(page.claims) == count
