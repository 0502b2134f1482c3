"""Findings -> claim and article scores. Pure: no I/O, no formatting.

A claim starts at 100 and loses the weight of each of its findings, down to 0.
It is weak when its score falls below the weak threshold. The article score
is the mean claim score; captions count half, since they usually repeat
text cited in the body. Entries of a list of works (kind ``work``) are a
catalogue: not scored, not weak, not counted.

The weights come with the findings (the check catalogue's, scaled by the
claim's citation need for by-need checks). A cited claim never scores below
what it would score with no citation of its own (``uncited``): citing never
costs more than not citing.

Source quality weighs the best and the worst of what a claim cites
(docs/scoring.md): a finding about one of its references (an R3xx finding, or
a flag right after a citation) costs half when the claim also cites a
reference with no finding; a claim whose every reference
carries a severe finding (deprecated, blacklisted, broken short citation,
flagged "failed verification" or "better source needed" where it cites it)
is weak whatever its score; a claim citing a generally reliable source with
a page gains a bonus that never lifts it above 100.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

from auditor.checks import CHECKS
from auditor.checks.completeness import needs_page
from auditor.model import CAPTION, FULL, PARTIAL, WORK, Article, Claim, Finding

#: Findings that make a reference unusable for the claim citing it, as the catalogue marks them.
SEVERE_CODES = frozenset(check.code for check in CHECKS if check.severe)
#: The bonus for citing a generally reliable source with its page.
RELIABLE_BONUS = 10


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


def score_claims(article: Article, findings: tuple[Finding, ...], threshold: int,
                 reliable: frozenset[str] = frozenset(), uncited: dict[str, int] | None = None) -> dict[str, ClaimScore]:
    """Score every claim (not the entries of a list of works) from the findings that concern it.

    ``reliable`` holds the keys of references to generally reliable sources (the positive signal);
    ``uncited`` what each cited claim would lose with no citation of its own (checks.uncited_penalties):
    the floor of its score.
    """
    by_claim: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.claim is not None:
            by_claim.setdefault(finding.claim, []).append(finding)
    references = {r.key: r for r in article.references}
    scores = {}
    for claim in scored_claims(article):
        score, doomed = _claim_score(claim, by_claim.get(claim.id, []), references, reliable)
        if uncited and claim.id in uncited:
            score = max(score, 100 - uncited[claim.id])
        scores[claim.id] = ClaimScore(max(0, score), doomed or score < threshold)
    return scores


def _claim_score(claim: Claim, findings: list[Finding], references: dict, reliable: frozenset[str]) -> tuple[int, bool]:
    """(score, weak-by-its-sources) of one claim: penalties, softened or hardened by the best source."""
    cited = {c.key for c in claim.citations if not c.note}
    faulted = {f.reference for f in findings if f.reference in cited}
    severe = {f.reference for f in findings if f.code in SEVERE_CODES and f.reference in cited}
    clean = cited - faulted
    penalty = 0
    for finding in findings:
        soften = finding.reference in faulted and clean  # a finding about one of its references
        penalty += finding.weight // 2 if soften else finding.weight
    bonus = RELIABLE_BONUS if any(_strong(c, references, reliable) for c in claim.citations) else 0
    return min(100, 100 - penalty + bonus), bool(cited) and severe == cited


def _strong(citation, references: dict, reliable: frozenset[str]) -> bool:
    """A citation of a generally reliable source, with its page when the work needs one."""
    reference = references.get(citation.key)
    if reference is None or citation.key not in reliable:
        return False
    return not needs_page(citation, reference)


def scored_claims(article: Article) -> tuple[Claim, ...]:
    """The claims that are scored: all but the entries of a list of works."""
    return tuple(c for c in article.claims if c.kind != WORK)


def summarise(article: Article, findings: tuple[Finding, ...], scores: dict[str, ClaimScore]) -> Summary:
    """Totals for the article: claims, weak claims, share cited, counts by code, score."""
    claims = scored_claims(article)
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


def worst_first(claims: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claims of a record in the order to fix them: lowest score first, then highest citation need (so uncited
    claims rank by their need), then reading order. Every report and the diff list claims so."""
    return sorted(claims, key=lambda c: (c["score"], -(c.get("citation_need") or 0.0),
                                         (c.get("location") or {}).get("line", 0)))
