"""What must hold for any article the parsers read, whatever its text.

Shared by the hypothesis suite (test_fuzz.py) and the regression fixtures
(test_regressions.py).
"""

from __future__ import annotations

import html
import re
import time

from auditor.model import Article, Citation, SourceInfo
from auditor.parse import parse_within

SOURCE = SourceInfo("file", "fuzz.wiki")
#: Budget used by the suites, and the slack allowed over it for stopping and forking.
BUDGET = 5.0
SLACK = 1.5
_WORD = re.compile(r"[^\W_]+")


def parse_timed(text: str, input_format: str, budget: float = BUDGET) -> tuple[Article, float]:
    """Parse within the budget; return the article and the seconds it took."""
    start = time.perf_counter()
    article = parse_within(text, input_format, SOURCE, "Fuzz", budget)
    return article, time.perf_counter() - start


def check_article(text: str, article: Article, seconds: float, budget: float = BUDGET) -> None:
    """Assert every invariant of a parsed article against its input text."""
    assert seconds <= budget + SLACK, f"parse took {seconds:.2f} s, budget {budget} s"
    unescaped = html.unescape(text)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for claim in article.claims:
        location = claim.location
        assert 0 <= location.offset <= len(text), (claim.id, location)
        assert location.line <= len(starts) and starts[location.line - 1] + location.column - 1 == location.offset, (
            claim.id, location)
        for word in _WORD.findall(claim.text):
            assert _from_input(word, (text, unescaped)), f"{claim.id}: {word!r} of {claim.text!r} not in the input"
        for item in (*claim.citations, *claim.flags):
            assert 0 <= item.location.offset <= len(text), (claim.id, item)
    _check_labels(article)


def _from_input(word: str, inputs: tuple[str, ...]) -> bool:
    """The word occurs in the input, or is pieces of it run together (''{{lang|fr|Le Monde}}[[a|b]]'' reads "Mondeb")."""
    if any(word in source for source in inputs):
        return True
    ends = {0}
    for end in range(1, len(word) + 1):
        if any(word[start:end] in source for start in ends for source in inputs):
            ends.add(end)
    return len(word) in ends


def _check_labels(article: Article) -> None:
    """Every citation points to a reference with its key and label; keys and labels are one-to-one per group."""
    references = {r.key: r for r in article.references}
    assert len(references) == len(article.references), "two references share a key"
    citations: list[Citation] = [c for claim in article.claims for c in claim.citations]
    citations += [o for o in article.orphans if isinstance(o, Citation)]
    for citation in citations:
        reference = references.get(citation.key)
        assert reference is not None, f"citation [{citation.label}] ({citation.key}) has no reference"
        assert (reference.label, reference.group) == (citation.label, citation.group), (citation, reference)
    labels = [(r.group, r.label) for r in article.references]
    assert len(labels) == len(set(labels)), "two references share a label"
