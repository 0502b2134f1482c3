"""The check catalogue: an explicit list of every check, its code, name and default weight.

Codes are stable: a code is never renumbered, and a retired code stays retired.
C1xx claims, F2xx flags, R3xx references, P9xx parse problems.
"""

from __future__ import annotations

from typing import Iterator

from auditor.checks import claims, completeness, flags, parse, refflags, sources
from auditor.checks.base import Check, Context, Hit
from auditor.model import Article, Finding

CHECKS: tuple[Check, ...] = (
    Check("C101", "no-citation", "claim", claims.no_citation, 60),
    Check("C102", "partial-coverage", "claim", claims.partial_coverage, 25),
    Check("C103", "paragraph-coverage", "claim", claims.paragraph_coverage, 15),
    Check("C104", "unsourced-quotation", "claim", claims.unsourced_quotation, 20),
    Check("C105", "unsourced-figures", "claim", claims.unsourced_figures, 10),
    Check("C106", "uncited-caption", "claim", claims.uncited_caption, 20),
    Check("F201", "tagged-unsourced", "claim", flags.tagged_unsourced, 40),
    Check("F202", "tagged-unverified", "claim", flags.tagged_unverified, 45),
    Check("F203", "tagged-poor-source", "claim", flags.tagged_poor_source, 35),
    Check("F204", "tagged-incomplete-citation", "claim", flags.tagged_incomplete_citation, 15),
    Check("F205", "tagged-dead-link", "claim", flags.tagged_dead_link, 20),
    Check("F206", "tagged-vague-wording", "claim", flags.tagged_vague_wording, 20),
    Check("R301", "unreliable-source", "reference", sources.unreliable_source, 25),
    Check("R302", "deprecated-source", "reference", sources.deprecated_source, 45),
    Check("R303", "blacklisted-source", "reference", sources.blacklisted_source, 50),
    Check("R304", "no-consensus-source", "reference", sources.no_consensus_source, 5),
    Check("R305", "self-published-source", "reference", sources.self_published_source, 15),
    Check("R306", "user-generated-source", "reference", sources.user_generated_source, 25),
    Check("R307", "circular-source", "reference", sources.circular_source, 35),
    Check("R308", "press-release", "reference", sources.press_release, 10),
    Check("R309", "predatory-publisher", "reference", sources.predatory_publisher, 35),
    Check("R310", "page-missing", "claim", completeness.page_missing, 10),
    Check("R311", "missing-title", "reference", completeness.missing_title, 8),
    Check("R312", "bare-url", "reference", completeness.bare_url, 10),
    Check("R313", "missing-date", "reference", completeness.missing_date, 4),
    Check("R314", "missing-publisher", "reference", completeness.missing_publisher, 4),
    Check("R315", "dead-link", "reference", completeness.dead_link, 20),
    Check("R316", "broken-short-citation", "reference", completeness.broken_short_citation, 30),
    Check("R317", "flagged-elsewhere", "claim", refflags.flagged_elsewhere, 12),
    Check("R318", "stale-flag", "claim", refflags.stale_flag, 10),
    Check("R319", "copy-hides-links", "article", refflags.copy_hides_links, 0),
    Check("P901", "orphan-marker", "article", parse.orphan_marker, 0),
    Check("P902", "unparsed-markup", "article", parse.unparsed_markup, 0),
    Check("P903", "nesting-too-deep", "article", parse.nesting_too_deep, 0),
    Check("P904", "time-budget-exceeded", "article", parse.time_budget_exceeded, 0),
    Check("P905", "slow-markup-neutralised", "article", parse.slow_markup_neutralised, 0),
)

BY_CODE: dict[str, Check] = {check.code: check for check in CHECKS}


def run_checks(article: Article, context: Context, weights: dict[str, int]) -> tuple[Finding, ...]:
    """Run every check on the article; return its findings in reading order."""
    return tuple(_run(article, context, weights))


def _run(article: Article, context: Context, weights: dict[str, int]) -> Iterator[Finding]:
    claim_checks = [c for c in CHECKS if c.scope == "claim"]
    for claim in article.claims:
        for check in claim_checks:
            for hit in check.function(claim, context):
                yield _finding(check, hit, weights, claim.id, hit.location or claim.location)
    yield from _run_references(article, context, weights)
    for check in CHECKS:
        if check.scope == "article":
            for hit in check.function(article, context):
                yield _finding(check, hit, weights, None, hit.location)


def _run_references(article: Article, context: Context, weights: dict[str, int]) -> Iterator[Finding]:
    """Reference checks: each finding goes to every claim citing the reference (none: article-level)."""
    citing: dict[str, list] = {}
    for claim in article.claims:
        for citation in claim.citations:
            users = citing.setdefault(citation.key, [])
            if not users or users[-1][0] != claim.id:
                users.append((claim.id, claim.location))
    reference_checks = [c for c in CHECKS if c.scope == "reference"]
    for reference in article.references:
        for check in reference_checks:
            for hit in check.function(reference, context):
                hit = hit._replace(reference=hit.reference or reference.key)
                for claim_id, location in citing.get(reference.key, [(None, reference.location)]):
                    yield _finding(check, hit, weights, claim_id, hit.location or location)


def _finding(check: Check, hit: Hit, weights: dict[str, int], claim: str | None, location) -> Finding:
    return Finding(
        code=check.code, name=check.name, family=check.family, message=hit.message,
        location=location, claim=claim, reference=hit.reference,
        weight=weights.get(check.code, check.weight),
    )


def select(codes: str) -> list[Check]:
    """The checks whose codes start with any of the comma-separated prefixes."""
    prefixes = [p.strip().upper() for p in codes.split(",") if p.strip()]
    return [c for c in CHECKS if any(c.code.startswith(p) or c.name == p.lower() for p in prefixes)]
