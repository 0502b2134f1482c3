"""One article, two inputs: the wikitext and the rendered copy of Douglas Adams agree claim by claim; passages
written as wikitext and as their HTML (tests/cases/consistency.toml) give the same claims."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.model import SourceInfo
from auditor.parse import parse_article
from casefiles import cases

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


@pytest.mark.parametrize("case", cases("consistency.toml"))
def test_wikitext_and_its_html_give_the_claims_a_reader_sees(case: dict) -> None:
    """A passage as wikitext and as its rendered HTML: the same claims, and the ones the case lists."""
    read = [[{"text": c.text, "kind": c.kind, "citations": [x.label for x in c.citations]}
             for c in parse_article(case[fmt], fmt, SourceInfo("file", f"case.{fmt}")).claims]
            for fmt in ("wikitext", "html")]
    assert read[0] == read[1]
    assert [{k: got[k] for k in want} for got, want in zip(read[0], case["claims"])] == case["claims"]
    assert len(read[0]) == len(case["claims"])
