"""Compare auditor's claims with the hand-labelled corpus in tests/corpus/ (see its README).

Shared by tests/test_corpus.py, which holds every entry, and benchmarks/claims_accuracy.py, which
prints the accuracy per article.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from auditor.model import Article, Claim, SourceInfo
from auditor.parse import parse_article

ROOT = Path(__file__).parent.parent
CORPUS = Path(__file__).parent / "corpus"
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Claim text compared as a reader compares it: whitespace of any kind as one space."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ").replace("\u200b", "")).strip()


@dataclass(frozen=True)
class Entry:
    """One labelled claim and what auditor made of it."""

    article: str
    expected: dict
    claim: Claim | None
    problems: tuple[str, ...]

    @property
    def right(self) -> bool:
        return not self.problems


def corpus_files() -> list[Path]:
    """The labelled articles, in name order."""
    return sorted(CORPUS.glob("*.toml"))


def load(path: Path) -> dict:
    """One labelled article."""
    return tomllib.loads(path.read_text("utf-8"))


def read_article(data: dict) -> tuple[Article, str]:
    """Parse the labelled article's input as auditor does, in its wiki's language (``lang``, English if none)."""
    text = (ROOT / data["input"]).read_text("utf-8")
    source = SourceInfo("file", data["input"])
    return parse_article(text, data["format"], source, data.get("article"), lang=data.get("lang", "en")), text


def _citation_problems(expected: dict, claim: Claim, text: str) -> list[str]:
    if "citations" in expected:
        got = [c.label for c in claim.citations]
        return [] if got == expected["citations"] else [f"citations {got} != {expected['citations']}"]
    refs = expected.get("refs", [])
    written = [text[c.location.offset:c.location.offset + 120] for c in claim.citations]
    if len(written) != len(refs) or not all(w.startswith(r) for w, r in zip(written, refs)):
        return [f"refs {[w[:40] for w in written]} != {refs}"]
    return []


def check_claim(expected: dict, article: Article, text: str, name: str) -> Entry:
    """Find the labelled claim among auditor's and list every count it gets wrong."""
    want = normalise(expected["text"])
    claim = next((c for c in article.claims if normalise(c.text) == want), None)
    if claim is None:
        near = [c for c in article.claims if c.location.offset <= expected.get("offset", -1)]
        got = normalise(near[-1].text) if near else "(none)"
        return Entry(name, expected, None, (f"no claim reads {want!r}; the claim there reads {got!r}",))
    problems = [f"kind {claim.kind} != {expected['kind']}"] if claim.kind != expected.get("kind", claim.kind) else []
    problems += _citation_problems(expected, claim, text)
    flags = [f.name for f in claim.flags]
    if flags != expected.get("flags", []):
        problems.append(f"flags {flags} != {expected.get('flags', [])}")
    if "coverage" in expected and claim.coverage != expected["coverage"]:
        problems.append(f"coverage {claim.coverage} != {expected['coverage']}")
    return Entry(name, expected, claim, tuple(problems))


def check_not_claim(expected: dict, article: Article, name: str) -> Entry:
    """A text that must not be, nor be part of, any claim."""
    want = normalise(expected["text"])
    hit = next((c for c in article.claims if want in normalise(c.text)), None)
    return Entry(name, expected, hit, (f"read as a claim: {normalise(hit.text)!r}",) if hit else ())


def check_file(path: Path) -> list[Entry]:
    """Every entry of one labelled article, checked."""
    data = load(path)
    article, text = read_article(data)
    entries = [check_claim(e, article, text, path.stem) for e in data.get("claim", [])]
    return entries + [check_not_claim(e, article, path.stem) for e in data.get("not_claim", [])]
