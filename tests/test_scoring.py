"""The rubric from the outside: clean > page needed > better source needed > unsourced."""

from __future__ import annotations

from auditor.audit import audit_text
from auditor.config import Config
from auditor.model import SourceInfo

ARTICLE = """Title line

The first claim is cleanly cited.[1]

The second claim lacks a page.[2][page needed]

The third claim needs a better source.[3][better source needed]

The fourth claim has no citation at all.

The fifth claim cites a clean source and a flagged one.[1][2]
"""


def _scores() -> list[tuple[int, bool]]:
    result = audit_text(ARTICLE, Config(), SourceInfo("file", "rubric.txt"), "text")
    return [(result.scores[c.id].score, result.scores[c.id].weak) for c in result.article.claims]


def test_rubric_orders_claims_as_the_readme_says() -> None:
    clean, page, better, none, mixed = _scores()
    assert clean == (100, False)
    assert page == (85, False)
    assert better == (65, True), "cited only to a source flagged better-source-needed: weak whatever its score"
    assert none[0] < better[0] and none[1]
    assert page[0] < mixed[0] < clean[0], "a finding about one reference costs half beside a clean one"


def test_weak_threshold_is_a_setting() -> None:
    result = audit_text(ARTICLE, Config(weak_threshold=90), SourceInfo("file", "rubric.txt"), "text")
    assert result.scores["c2"].weak and not result.scores["c1"].weak
