"""Findings -> claim and article scores. Pure: no I/O, no formatting.

A claim starts at 100 and loses the weight of each of its findings, down to 0.
It is weak when its score falls below the weak threshold. The article score
is the mean claim score; captions count half, since they usually repeat
text cited in the body.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from auditor.model import CAPTION, FULL, PARTIAL, Article, Finding


@dataclass(frozen=True)
class ClaimScore:
    """One claim's score and whether it is weak."""

    score: int
    weak: bool


@dataclass(frozen=True)
class Summary:
    """The article's totals."""

    claims: int
    weak: int
    cited: int
    share_cited: float
    score: float
    counts: tuple[tuple[str, int], ...]


def score_claims(article: Article, findings: tuple[Finding, ...], threshold: int) -> dict[str, ClaimScore]:
    """Score every claim from the findings that concern it."""
    penalty: Counter[str] = Counter()
    for finding in findings:
        if finding.claim is not None:
            penalty[finding.claim] += finding.weight
    scores = {}
    for claim in article.claims:
        score = max(0, 100 - penalty[claim.id])
        scores[claim.id] = ClaimScore(score, score < threshold)
    return scores


def summarise(article: Article, findings: tuple[Finding, ...], scores: dict[str, ClaimScore]) -> Summary:
    """Totals for the article: claims, weak claims, share cited, counts by code, score."""
    claims = article.claims
    cited = sum(1 for c in claims if c.coverage in (FULL, PARTIAL))
    weights = [0.5 if c.kind == CAPTION else 1.0 for c in claims]
    total = sum(weights)
    score = sum(w * scores[c.id].score for w, c in zip(weights, claims)) / total if total else 100.0
    counts = Counter(f.code for f in findings)
    return Summary(
        claims=len(claims),
        weak=sum(1 for s in scores.values() if s.weak),
        cited=cited,
        share_cited=round(cited / len(claims), 4) if claims else 0.0,
        score=round(score, 1),
        counts=tuple(sorted(counts.items())),
    )
