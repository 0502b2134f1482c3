"""Rendered HTML -> model: saved pages, action=parse HTML and Parsoid HTML (REST API, Enterprise dumps).

dom.py is the only module that imports the HTML library (selectolax, the lexbor engine; see the README's
dependency table for why). The reading rules are the wikitext reader's, so a page's HTML and its wikitext
give the same claims: reader.py reads the prose, marks.py citation markers and cleanup tags, references.py
the notes lists. What only HTML shows comes along: the text templates render, labels as printed, the URL
behind every reference.
"""

from __future__ import annotations

import re

from auditor.parse.flagnames import FlagTable
from auditor.parse.html import dom
from auditor.parse.html.reader import HtmlReader
from auditor.parse.html.references import build_references, sourceless

_TITLE_TAIL = re.compile(r"\s+[-\u2013\u2014]\s+Wikipedia$")


def parse_html(text: str, flags: FlagTable, lang: str = "en"):
    """Read HTML; return (sections, claims, orphans, references, problems, (inline templates, rendered))."""
    document = dom.Document(text)
    root = document.content()
    notes = sourceless(root)
    reader = HtmlReader(text, flags, lang)
    reader.notes = notes
    reader.read(root)
    sections, claims, orphans = reader.collector.finish()
    references = build_references(root, flags, notes)
    return sections, claims, orphans, references, (), (0, 0)


def html_title(text: str) -> str | None:
    """The page's title as the HTML gives it (``<title>``, a skin's " - Wikipedia" dropped)."""
    title = dom.Document(text[:20_000]).title()
    return _TITLE_TAIL.sub("", title) if title else None
