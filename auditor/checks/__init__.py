"""The check catalogue: an explicit list of every check, its code, name and default weight.

Codes are stable: a code is never renumbered, and a retired code stays retired.
C1xx claims, F2xx flags, R3xx references, P9xx parse problems.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Iterator

from auditor.checks import claims, completeness, flags, parse, refflags, sources
from auditor.checks.base import Check, Context, Hit, need_factor
from auditor.model import LEAD, NONE, PARAGRAPH, WORK, Article, Claim, Cover, Finding, ParseCode

CHECKS: tuple[Check, ...] = (
    Check("C101", "no-citation", "claim", claims.no_citation, 60, by_need=True,
          fix=("Add an inline citation to a reliable source after the claim (<ref>...</ref>), or tag it "
               "{{citation needed|date=$month}}.")),
    Check("C102", "partial-coverage", "claim", claims.partial_coverage, 25,
          fix=("Cite a source for the text after the last citation, at the end of the sentence, or tag that text "
               "{{citation needed|date=$month}}.")),
    Check("C103", "paragraph-coverage", "claim", claims.paragraph_coverage, 15,
          fix="Check that $supports: if it does, repeat it here (<ref name=\"...\" />); if not, cite a source for it."),
    Check("C104", "unsourced-quotation", "claim", claims.unsourced_quotation, 20,
          fix="Cite the source of the quotation right after it, with the page where it appears (WP:MINREF)."),
    Check("C105", "unsourced-figures", "claim", claims.unsourced_figures, 10,
          fix=("Cite a source for the figure at the end of its sentence; the paragraph's other citations do not "
               "vouch for it.")),
    Check("C106", "uncited-caption", "claim", claims.uncited_caption, 20, by_need=True,
          fix="Cite a source in the caption, or cut the caption to what the article's cited text supports."),
    Check("C107", "uncited-lead-claim", "claim", claims.uncited_lead_claim, 25, by_need=True,
          fix=("Make sure the body cites this claim; if it is contentious or a quotation, cite it in the lead as "
               "well (WP:LEADCITE).")),
    Check("F201", "tagged-unsourced", "claim", flags.tagged_unsourced, 40, on_flags=True,
          fix=("Cite a reliable source for the claim and remove the tag; if none can be found, remove the claim "
               "(WP:BURDEN).")),
    Check("F202", "tagged-unverified", "claim", flags.tagged_unverified, 45, on_flags=True,
          severe=True,
          fix=("Read the cited source: cite one that supports the claim or reword the claim to what the source says, "
               "then remove the tag.")),
    Check("F203", "tagged-poor-source", "claim", flags.tagged_poor_source, 35, on_flags=True,
          severe=True,
          fix="Replace the tagged source with a reliable, independent one (WP:RS), then remove the tag."),
    Check("F204", "tagged-incomplete-citation", "claim", flags.tagged_incomplete_citation, 15, on_flags=True,
          fix=("Add what the tag asks for to $citation (|page=, |year=, |volume= or the full details), then remove "
               "the tag.")),
    Check("F205", "tagged-dead-link", "claim", flags.tagged_dead_link, 20, on_flags=True,
          fix=("Add an archived copy to $citation (|archive-url= and |archive-date=) or a live URL for the source, "
               "then remove the tag.")),
    Check("F206", "tagged-vague-wording", "claim", flags.tagged_vague_wording, 20, on_flags=True,
          fix="Say who, which or when, as the tag asks, from what the source says; then remove the tag."),
    Check("R301", "unreliable-source", "reference", sources.unreliable_source, 25, verdict=True,
          fix="Replace this source: WP:RSP rates it generally unreliable."),
    Check("R302", "deprecated-source", "reference", sources.deprecated_source, 45, verdict=True,
          severe=True,
          fix=("Replace this source: WP:RSP lists it as deprecated; if no other source supports the claim, remove "
               "the claim.")),
    Check("R303", "blacklisted-source", "reference", sources.blacklisted_source, 50, verdict=True,
          severe=True,
          fix="Remove this link: the site is on the spam blacklist; cite another source."),
    Check("R304", "no-consensus-source", "reference", sources.no_consensus_source, 5, verdict=True,
          fix=("Add a second, reliable source, or attribute the claim in the text: WP:RSP finds no consensus on this "
               "one.")),
    Check("R305", "self-published-source", "reference", sources.self_published_source, 15, verdict=True,
          fix=("Replace this source with an independent, published one, unless the claim is its author's own view of "
               "themself (WP:SPS).")),
    Check("R306", "user-generated-source", "reference", sources.user_generated_source, 25, verdict=True,
          fix="Replace this source: user-generated content (wikis, forums, fan sites) is not reliable (WP:UGC)."),
    Check("R307", "circular-source", "reference", sources.circular_source, 35, verdict=True,
          fix="Replace this source with what the Wikipedia article itself cites (WP:CIRCULAR)."),
    Check("R308", "press-release", "reference", sources.press_release, 10, verdict=True,
          fix="Add an independent source: a press release vouches only for what its issuer says of itself."),
    Check("R309", "predatory-publisher", "reference", sources.predatory_publisher, 35, verdict=True,
          fix="Replace this source with one from a reputable publisher."),
    Check("R310", "page-missing", "claim", completeness.page_missing, 10,
          fix="Add the page to $citation: |page= in the citation, or {{rp|...}} after its marker."),
    Check("R311", "missing-title", "reference", completeness.missing_title, 8,
          fix="Add |title= to $citation."),
    Check("R312", "bare-url", "reference", completeness.bare_url, 10,
          fix=("Turn the bare URL of $citation into a full citation: {{cite web |url=... |title=... |website=... "
               "|date=... |access-date=...}}.")),
    Check("R313", "missing-date", "reference", completeness.missing_date, 4,
          fix="Add |date= (when the source was published) to $citation."),
    Check("R314", "missing-publisher", "reference", completeness.missing_publisher, 4,
          fix="Add |publisher= (or |work= / |website=) to $citation."),
    Check("R315", "dead-link", "reference", completeness.dead_link, 20,
          fix="Add an archived copy to $citation (|archive-url= and |archive-date=), or replace the source."),
    Check("R316", "broken-short-citation", "reference", completeness.broken_short_citation, 30,
          severe=True,
          fix=("Add the full entry this short citation points to (same names and year) to the article's sources, or "
               "correct its names or year.")),
    Check("R317", "flagged-elsewhere", "claim", refflags.flagged_elsewhere, 12,
          fix="Look at $citation where it is tagged: fix or replace the source there and here."),
    Check("R318", "stale-flag", "claim", refflags.stale_flag, 10, on_flags=True,
          fix="Settle the old tag: cite a source, reword or remove the claim, then remove the tag."),
    Check("R319", "copy-hides-links", "article", refflags.copy_hides_links, 0,
          fix=("Audit the wikitext instead (auditor audit --wiki WIKI TITLE) to judge domains, reliability and dead "
               "links.")),
    Check(ParseCode.ORPHAN_MARKER, "orphan-marker", "article", parse.orphan_marker, 0,
          fix="Move the marker after the text it supports."),
    Check(ParseCode.UNPARSED_MARKUP, "unparsed-markup", "article", parse.unparsed_markup, 0, incomplete=True,
          fix="Close the unclosed markup (a tag, template or table) so the article can be read whole."),
    Check(ParseCode.NESTING_TOO_DEEP, "nesting-too-deep", "article", parse.nesting_too_deep, 0, incomplete=True,
          fix="Flatten the deeply nested markup so the article can be read whole."),
    Check(ParseCode.TIME_BUDGET_EXCEEDED, "time-budget-exceeded", "article", parse.time_budget_exceeded, 0,
          incomplete=True, unaudited=True,
          fix="Give the audit more time (--time-budget SECONDS), or audit the article in parts."),
    Check(ParseCode.SLOW_MARKUP_NEUTRALISED, "slow-markup-neutralised", "article", parse.slow_markup_neutralised, 0,
          fix="Nothing to fix in the article: its slow markup was read in a simpler way."),
)

BY_CODE: dict[str, Check] = {check.code: check for check in CHECKS}


def run_checks(article: Article, context: Context, weights: dict[str, int],
               codes: frozenset[str] | None = None, need_spread: float = 1.0) -> tuple[Finding, ...]:
    """Run the checks (every one, or those whose code is in ``codes``); return the findings in reading order.

    A by-need check's weight is scaled by the claim's citation need (base.need_factor, ``need_spread``);
    in the lead by the need of its sentence alone.
    Entries of a list of works (kind ``work``) are a catalogue, not claims: no claim check looks at them.
    """
    chosen = _chosen(codes)
    return tuple(_run(article, context, weights, chosen, need_spread))


def _chosen(codes: frozenset[str] | None) -> tuple[Check, ...]:
    return CHECKS if codes is None else tuple(c for c in CHECKS if c.code in codes)


def _run(article: Article, context: Context, weights: dict[str, int], chosen: tuple[Check, ...],
         spread: float) -> Iterator[Finding]:
    every, flagless = _claim_checks(chosen)
    for claim in article.claims:
        if claim.kind != WORK:
            yield from _claim_findings(claim, context, weights, every if claim.flags else flagless, spread)
    yield from _run_references(article, context, weights, chosen)
    for check in chosen:
        if check.scope == "article":
            for hit in check.function(article, context):
                yield _finding(check, hit, weights, None, hit.location)


def _claim_checks(chosen: tuple[Check, ...]) -> tuple[tuple[Check, ...], tuple[Check, ...]]:
    """The claim checks: every one, and those a claim without flags can fail (see Check.on_flags)."""
    every = tuple(c for c in chosen if c.scope == "claim")
    return every, tuple(c for c in every if not c.on_flags)


def _claim_findings(claim: Claim, context: Context, weights: dict[str, int], claim_checks: tuple[Check, ...],
                    spread: float) -> Iterator[Finding]:
    # In the lead, a by-need weight follows the sentence's own need: the lead's discount is C107's to give.
    need = (context.sentence_need if claim.section == LEAD else context.need).get(claim.id, 0.5)
    factor = need_factor(need, spread)
    for check in claim_checks:
        for hit in check.function(claim, context):
            yield _finding(check, hit, weights, claim.id, hit.location or claim.location,
                           factor if check.by_need else 1.0)


def uncited_penalties(article: Article, context: Context, weights: dict[str, int],
                      codes: frozenset[str] | None = None, need_spread: float = 1.0,
                      only: frozenset[str] | None = None) -> dict[str, int]:
    """What each cited claim would lose with no citation of its own: the weights of the claim checks'
    findings on it without its citations (and the flags that follow them), by claim id. ``only``: the
    claims whose score this floor can change (those with findings; the others score 100 anyway).

    Its coverage would then be ``paragraph`` if a citation other than its own covers it (``Claim.cover``,
    which the parse records on cited claims too: a later claim of its paragraph, its list's introduction,
    its block quotation or the quotation it introduces), else ``none``. Scoring lets no claim score below
    this: citing never costs more than not citing.
    """
    every, flagless = _claim_checks(_chosen(codes))
    penalties = {}
    for claim in article.claims:
        if claim.kind != WORK and (only is None or claim.id in only) and any(not c.note for c in claim.citations):
            bare = replace(claim, citations=(), flags=tuple(f for f in claim.flags if not f.citation),
                           coverage=NONE if claim.cover == Cover.NONE else PARAGRAPH, cited_until=0)
            checks = every if bare.flags else flagless
            penalties[claim.id] = sum(f.weight for f in _claim_findings(bare, context, weights, checks, need_spread))
    return penalties


def _run_references(article: Article, context: Context, weights: dict[str, int],
                    chosen: tuple[Check, ...]) -> Iterator[Finding]:
    """Reference checks: each finding goes to every claim citing the reference (none: article-level).

    Of the verdict checks (tier and type of the domain), only the heaviest finding costs its weight: one
    domain gets one reliability verdict, the worst of its categories, not their sum.
    """
    citing: dict[str, list] = {}
    for claim in article.claims:
        for citation in claim.citations:
            users = citing.setdefault(citation.key, [])
            if not users or users[-1][0] != claim.id:
                users.append((claim.id, claim.location))
    reference_checks = tuple(c for c in chosen if c.scope == "reference")
    for reference in article.references:
        for check, hit, factor in _reference_hits(reference, context, weights, reference_checks):
            hit = hit._replace(reference=hit.reference or reference.key)
            for claim_id, location in citing.get(reference.key, [(None, reference.location)]):
                yield _finding(check, hit, weights, claim_id, hit.location or location, factor)


def _reference_hits(reference, context: Context, weights: dict[str, int],
                    reference_checks: tuple[Check, ...]) -> list[tuple[Check, Hit, float]]:
    """The hits of every reference check on one reference, with the factor of their weight: a verdict
    lighter than the reference's heaviest verdict is kept, to say what else the domain is, at weight 0."""
    hits = [(check, hit) for check in reference_checks for hit in check.function(reference, context)]
    if not hits:
        return []
    verdicts = [pair for pair in hits if pair[0].verdict]
    worst = max(verdicts, key=lambda pair: weights.get(pair[0].code, pair[0].weight)) if verdicts else None
    out = []
    for pair in hits:
        check, hit = pair
        if check.verdict and pair is not worst:
            out.append((check, hit._replace(message=f"{hit.message}; counted once, as {worst[0].code}"), 0.0))
        else:
            out.append((check, hit, 1.0))
    return out


def _finding(check: Check, hit: Hit, weights: dict[str, int], claim: str | None, location,
             factor: float = 1.0) -> Finding:
    return Finding(
        code=check.code, name=check.name, family=check.family, message=hit.message,
        location=location, claim=claim, reference=hit.reference,
        weight=round(weights.get(check.code, check.weight) * factor),
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
