"""The hand-labelled corpus: every sampled claim of real articles read as the reader reads it."""

from __future__ import annotations

import pytest

from corpus_check import CORPUS, check_file, corpus_files, load

FILES = corpus_files()
#: Articles labelled but not yet read right: listed in tests/corpus/PENDING while the parser work lands.
PENDING = set((CORPUS / "PENDING").read_text("utf-8").split()) if (CORPUS / "PENDING").exists() else set()


def _param(path):
    marks = [pytest.mark.xfail(reason="listed in tests/corpus/PENDING")] if path.stem in PENDING else []
    return pytest.param(path, id=path.stem, marks=marks)


@pytest.mark.parametrize("path", [_param(p) for p in FILES])
def test_every_labelled_claim_is_read_right(path) -> None:
    wrong = [f"{e.expected.get('offset')}: {'; '.join(e.problems)}" for e in check_file(path) if not e.right]
    assert not wrong, "\n".join(wrong)


def test_every_entry_is_well_formed() -> None:
    kinds = {"prose", "list", "caption", "quote", "work"}
    for path in FILES:
        data = load(path)
        assert (CORPUS.parent.parent / data["input"]).is_file(), data["input"]
        for entry in data.get("claim", []):
            assert entry["kind"] in kinds, entry
            assert entry["coverage"] in {"full", "partial", "paragraph", "none"}, entry
            assert ("refs" in entry) == (data["format"] == "wikitext") or "citations" in entry, entry
