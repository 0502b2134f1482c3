"""One article, two inputs: the wikitext and the rendered copy of Douglas Adams agree claim by claim."""

from __future__ import annotations

import re
from pathlib import Path

from auditor.model import SourceInfo
from auditor.parse import parse_article

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())[:60]


def _claims(path: str, fmt: str) -> dict:
    text = (FIXTURES / path).read_text("utf-8")
    return {_key(c.text): c for c in parse_article(text, fmt, SourceInfo("file", path)).claims}


def test_wikitext_and_copy_give_the_same_labels_and_flags() -> None:
    wiki = _claims("wikitext/Douglas-Adams.wiki", "wikitext")
    copy = _claims("rendered/Douglas-Adams.txt", "text")
    shared = set(wiki) & set(copy)
    assert len(shared) >= 0.95 * len(copy), "most claims of the copy are found in the wikitext"
    for key in shared:
        assert [c.label for c in wiki[key].citations] == [c.label for c in copy[key].citations], wiki[key].text
        assert [f.name for f in wiki[key].flags] == [f.name for f in copy[key].flags], wiki[key].text
        assert wiki[key].section == copy[key].section, wiki[key].text
    assert sum(len(c.citations) for c in wiki.values()) >= 75
    assert sum(1 for c in copy.values() for f in c.flags if f.name == "citation needed") == 1
