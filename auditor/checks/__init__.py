"""The check catalogue: an explicit list of every check, its code, name and default weight.

Codes are stable: a code is never renumbered, and a retired code stays retired.
C1xx claims, F2xx flags, R3xx references, P9xx parse problems.
"""

from __future__ import annotations

from functools import lru_cache
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
    Check("P902", "unparsed-markup", "article", parse.unparsed_markup, 0, incomplete=True),
    Check("P903", "nesting-too-deep", "article", parse.nesting_too_deep, 0, incomplete=True),
    Check("P904", "time-budget-exceeded", "article", parse.time_budget_exceeded, 0, incomplete=True),
    Check("P905", "slow-markup-neutralised", "article", parse.slow_markup_neutralised, 0),
)

BY_CODE: dict[str, Check] = {check.code: check for check in CHECKS}


def run_checks(article: Article, context: Context, weights: dict[str, int],
               codes: frozenset[str] | None = None) -> tuple[Finding, ...]:
    """Run the checks (every one, or those whose code is in ``codes``); return the findings in reading order."""
    chosen = CHECKS if codes is None else tuple(c for c in CHECKS if c.code in codes)
    return tuple(_run(article, context, weights, chosen))


def _run(article: Article, context: Context, weights: dict[str, int], chosen: tuple[Check, ...]) -> Iterator[Finding]:
    claim_checks = [c for c in chosen if c.scope == "claim"]
    for claim in article.claims:
        for check in claim_checks:
            for hit in check.function(claim, context):
                yield _finding(check, hit, weights, claim.id, hit.location or claim.location)
    yield from _run_references(article, context, weights, chosen)
    for check in chosen:
        if check.scope == "article":
            for hit in check.function(article, context):
                yield _finding(check, hit, weights, None, hit.location)


def _run_references(article: Article, context: Context, weights: dict[str, int],
                    chosen: tuple[Check, ...]) -> Iterator[Finding]:
    """Reference checks: each finding goes to every claim citing the reference (none: article-level)."""
    citing: dict[str, list] = {}
    for claim in article.claims:
        for citation in claim.citations:
            users = citing.setdefault(citation.key, [])
            if not users or users[-1][0] != claim.id:
                users.append((claim.id, claim.location))
    reference_checks = [c for c in chosen if c.scope == "reference"]
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
    """The checks whose codes start with any of the comma-separated prefixes (or whose names are given)."""
    prefixes = [p.strip() for p in codes.split(",") if p.strip()]
    return [c for c in CHECKS if any(_specificity(p, c) is not None for p in prefixes)]


def _specificity(spec: str, check: Check) -> int | None:
    """How closely a code, prefix or name matches a check (longer is closer); None when it does not."""
    if spec.lower() == check.name:
        return len(check.code)
    return len(spec) if check.code.startswith(spec.upper()) else None


def covers(spec: str, code: str) -> bool:
    """Whether a code, prefix or name covers a finding code."""
    check = BY_CODE.get(code)
    return check is not None and _specificity(spec, check) is not None


def resolve(specs: tuple[str, ...]) -> tuple[str, ...]:
    """The codes that codes, prefixes or names select, in catalogue order; ValueError names one that selects none."""
    for spec in specs:
        if not select(spec):
            raise ValueError(f"{spec!r} matches no finding code; `auditor checks` lists them")
    return tuple(c.code for c in CHECKS if any(_specificity(s, c) is not None for s in specs))


@lru_cache(maxsize=32)
def enabled_codes(selected: tuple[str, ...] = (), ignored: tuple[str, ...] = (),
                  extended: tuple[str, ...] = ()) -> frozenset[str]:
    """The codes a run checks for, decided as ruff decides: select (default all) plus extend-select, minus ignore.

    The closest match wins (``--ignore C1 --extend-select C105`` keeps C105); on a tie, ignore wins. Codes that
    make an audit incomplete are always checked: an audit that could not read the article never passes.
    """
    chosen = set()
    for check in CHECKS:
        keep = [n for n in (_specificity(s, check) for s in (selected or ("",)) + extended) if n is not None]
        drop = [n for n in (_specificity(s, check) for s in ignored) if n is not None]
        if check.incomplete or (keep and (not drop or max(keep) > max(drop))):
            chosen.add(check.code)
    return frozenset(chosen)
