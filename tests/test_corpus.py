"""The hand-labelled corpus: every sampled claim of real articles read as the reader reads it."""

from __future__ import annotations

import bisect
import re

import pytest

from auditor.model import SourceInfo
from auditor.parse import parse_article
from auditor.parse.languages import all_back_names
from corpus_check import CORPUS, ROOT, check_file, corpus_files, load, read_article

FILES = corpus_files()


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_labelled_claim_is_read_right(path) -> None:
    """Every entry is read right, except those marked ``known`` (each with why), which must still be wrong:
    an entry that comes right must lose its mark, so the figure in the benchmark stays honest."""
    entries = check_file(path)
    wrong = [f"{e.expected.get('offset')}: {'; '.join(e.problems)}" for e in entries
             if not e.right and "known" not in e.expected]
    fixed = [str(e.expected.get("offset")) for e in entries if e.right and "known" in e.expected]
    assert not wrong, "\n".join(wrong)
    assert not fixed, f"now read right, remove their known marks: {fixed}"


def test_the_corpus_is_large_enough() -> None:
    """The issue's floor: at least 12 real articles of 30 sampled claims, wikitext and copies (and rendered HTML)."""
    data = [load(p) for p in FILES]
    assert len(data) >= 12
    small = [d["article"] for d in data if len(d["claim"]) < 30 and not d.get("whole")]
    assert not small, small
    assert sum(len(d["claim"]) >= 30 for d in data) >= 12
    assert {"wikitext", "text"} <= {d["format"] for d in data} <= {"wikitext", "text", "html"}


@pytest.mark.parametrize("path", [p for p in FILES if load(p).get("whole")], ids=lambda p: p.stem)
def test_a_wholly_labelled_article_has_an_entry_for_each_claim(path) -> None:
    """An article with fewer than 30 sentences is labelled whole (``whole = true``): one entry per claim read."""
    data = load(path)
    article, _ = read_article(data)
    assert len(article.claims) == len(data["claim"])


def test_every_entry_is_well_formed() -> None:
    kinds = {"prose", "list", "caption", "quote", "work"}
    for path in FILES:
        data = load(path)
        assert (CORPUS.parent.parent / data["input"]).is_file(), data["input"]
        for entry in data.get("claim", []):
            assert entry["kind"] in kinds, entry
            assert entry["coverage"] in {"full", "partial", "paragraph", "none"}, entry
            assert ("refs" in entry) == (data["format"] == "wikitext") or "citations" in entry, entry
            assert data["format"] == "wikitext" or "refs" not in entry, entry


COPIES = sorted((ROOT / "fixtures" / "rendered").glob("*.txt"))
_MARKERS = re.compile(r"\[[^\[\]\n]{1,40}\]")
#: Back-matter headings in every language the table knows ("Einzelnachweise" in a German copy).
_BACK_MATTER = re.compile(r"^(" + "|".join(map(re.escape, sorted({"general references", *all_back_names()}))) + r")\s*$",
                          re.I)
#: A hatnote is a line of furniture, however long: "This article is about the country. For other uses, see ...".
_HATNOTE = re.compile(r"(This article is about|For other uses|Main articles?:|See also:|Further information:)")


def _prose_paragraphs(text: str):
    """Lines a reader takes for prose, before the back matter: twelve words or more, ending as a sentence ends,
    no list or notes entry."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if _BACK_MATTER.match(line.strip()):
            return
        plain = _MARKERS.sub("", line).strip()
        if (len(plain.split()) >= 12 and plain[-1:] in ".!?\"\u201d" and not re.match(r"[\^\u2191\[\u2022*\-]|\d+\.\s", plain)
                and "\t" not in line and not _HATNOTE.match(plain)):
            yield offset, offset + len(line), plain
        offset += len(line)


@pytest.mark.parametrize("path", COPIES, ids=[p.stem for p in COPIES])
def test_every_prose_paragraph_of_a_rendered_page_gives_a_claim(path) -> None:
    """No paragraph of running prose is lost: each holds the start of at least one claim."""
    text = path.read_text("utf-8")
    starts = sorted(c.location.offset for c in parse_article(text, "text", SourceInfo("file", path.name)).claims)
    lost = [plain[:80] for begin, end, plain in _prose_paragraphs(text)
            if bisect.bisect_left(starts, begin) == bisect.bisect_left(starts, end)]
    assert not lost, lost
