"""Fuzzing both parsers (wikitext and copied text) and the file reader with hypothesis.

A short run by default (CI); ``AUDITOR_FUZZ=long`` runs many more examples.
``AUDITOR_FUZZ_SLOWEST=path`` writes the slowest input seen to ``path``, to
keep as a regression fixture (fixtures/regressions/).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.errors import UserError
from auditor.sources.files import decode
from fuzz_invariants import check_article, parse_timed

LONG = os.environ.get("AUDITOR_FUZZ") == "long"
FUZZ = settings(
    max_examples=1500 if LONG else 60, deadline=None, derandomize=not LONG,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Pieces of wikitext a vandal, a bot or a broken template might leave anywhere.
WIKI_PIECES = [
    "{{", "}}", "{{{", "}}}", "[[", "]]", "[", "]", "|", "=", "<", ">", "\n", "\n\n", "\n\n\n", " ",
    "{{cite web|url=http://example.org/a|title=Title|website=Ex}}", "{{cite book|title=B|year=2001}}",
    "<ref>", "</ref>", "<ref name=a>", "<ref name=\"b\">Src.</ref>", "<ref name=a/>", "<ref group=note>",
    "<ref>{{cite news|title=N}}</ref>", "<ref><ref>inner</ref></ref>", "<references/>", "<references>",
    "</references>", "{{reflist}}", "{{reflist|refs=<ref name=c>C</ref>}}", "{{efn|a note}}",
    "{{sfn|Smith|2000|p=3}}", "{{rp|12}}", "{{r|a}}", "{{cn}}", "{{citation needed|date=May 2020}}",
    "{{better source needed}}", "{{page needed|date=x}}", "{{lang|fr|Le Monde}}", "{{circa|1900}}",
    "{{convert|5|km}}", "{{ndash}}", "{{nowrap|a b}}", "{{Infobox x|a=1|b=[[c]]}}",
    "&lt;ref&gt;", "&lt;/ref&gt;", "&quot;Quoted.&quot;", "&amp;", "&#91;1&#93;", "&nbsp;",
    "[[a|b]]", "[[a]]", "[[File:a.jpg|thumb|A caption here.]]", "[[Category:X]]", "[[fr:X]]",
    "[http://a.org b]", "[http://a ", "http://bare.example.org/x", "[//x.org y]",
    "{|", "{| class=wikitable", "|-", "|}", "! h", "| cell", "||",
    "== Heading ==", "=== Sub ===", "== References ==", "==", "* ", "# ", ": ", "; ", "----",
    "'''", "''", "<!--", "-->", "<!-- c -->", "<!-->", "<nowiki>", "</nowiki>", "<pre>", "</pre>", "<math>x</math>",
    "<span>", "</span>", "<div>", "</div>", "<br>", "<br/>", "<blockquote>", "</blockquote>",
    "<script>alert(1)</script>", "<b onmouseover=x>", "\x00", "\u200b", "\u200d", "\u202e", "\u2066",
    "\ufeff", "\ue000", "\U0001F600", "\u0301", "\r\n", "\t",
    "The city grew fast.", " It had 5,000 people in 1900.", " \"A quote,\" he said.",
    " שלום עולם.", " مرحبا بالعالم.", " 日本語の文。", " Ωμέγα.", " Ёлка.", "i.e. ", "Dr. ", "U.S. ",
]
#: Pieces of a copy of a rendered page.
TEXT_PIECES = [
    "[1]", "[2]", "[17]", "[a]", "[b]", "[note 3]", "[citation needed]", "[page needed]", "[1]: 214",
    "[better source needed]", "[", "]", "[[1]]", "[1][2]", "\n", "\n\n", " ", "\t", "• ", "* ", "- ",
    "Early life", "References", "See also", "From Wikipedia, the free encyclopedia", "Categories: X",
    "The city grew fast.", " It had 5,000 people in 1900.", " \"A quote,\" he said.", " v t e",
    " שלום עולם.", " مرحبا بالعالم.", " 日本語の文。", "\x00", "\u200b", "\u202e", "\ufeff", "\r\n",
    "\u2028", "\x0c", "\x85", "Dr. ", "i.e. ", " · ",
]


def _joined(pieces: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(pieces), st.text(max_size=12))
    return st.lists(piece, max_size=60).map("".join)


def _repeated(pieces: list[str]) -> st.SearchStrategy[str]:
    """One piece many times over: runs of openers, huge single lines, deep nesting."""
    return st.builds(lambda p, n, tail: p * n + tail, st.sampled_from(pieces),
                     st.integers(1, 3000), _joined(pieces))


def _nested() -> st.SearchStrategy[str]:
    pairs = st.sampled_from([("{{a|", "}}"), ("[[a|", "]]"), ("<span>", "</span>"), ("<ref>", "</ref>"),
                             ("<ref>{{cite web|title=", "}}</ref>"), ("{|\n|", "\n|}")])
    return st.builds(lambda p, n, core: p[0] * n + core + p[1] * n, pairs, st.integers(1, 150),
                     st.sampled_from(["x", "Text. [[b]]", "{{cn}}", ""]))


WIKITEXT = st.one_of(_joined(WIKI_PIECES), _repeated(WIKI_PIECES), _nested(), st.text(max_size=300))
COPIED = st.one_of(_joined(TEXT_PIECES), _repeated(TEXT_PIECES), st.text(max_size=300))
_slowest: list[tuple[float, str, str]] = []


def _run(text: str, input_format: str) -> None:
    article, seconds = parse_timed(text, input_format)
    _slowest.append((seconds, input_format, text))
    _slowest.sort(reverse=True)
    del _slowest[1:]
    check_article(text, article, seconds)


@FUZZ
@given(data=st.data())
@pytest.mark.parametrize("input_format", ["wikitext", "auto"])
def test_wikitext_invariants(input_format: str, data: st.DataObject) -> None:
    """No exception, locations and words from the input, labels match references, budget holds."""
    _run(data.draw(WIKITEXT), input_format)


@FUZZ
@given(data=st.data())
def test_copied_text_invariants(data: st.DataObject) -> None:
    """The copied-text parser keeps the same invariants."""
    _run(data.draw(COPIED), "text")


@FUZZ
@given(data=st.data())
def test_file_reader_decodes_or_refuses(data: st.DataObject) -> None:
    """Any bytes (invalid UTF-8, NUL, BOM) end in text or one UserError line, never another exception."""
    raw = data.draw(st.one_of(st.binary(max_size=200), _joined(WIKI_PIECES).map(str.encode)))
    try:
        text = decode(raw, "x.wiki")
    except UserError as error:
        assert "\n" not in str(error) and str(error).startswith("x.wiki: ")
        return
    assert text.encode("utf-8") == raw.removeprefix(b"\xef\xbb\xbf")  # exact, one BOM dropped


def teardown_module() -> None:
    """Keep the slowest input when asked to, for a regression fixture."""
    target = os.environ.get("AUDITOR_FUZZ_SLOWEST")
    if target and _slowest:
        seconds, input_format, text = _slowest[0]
        Path(target).write_text(text, encoding="utf-8", newline="")
        print(f"\nslowest: {seconds:.2f} s ({input_format}, {len(text)} chars) -> {target}")
