"""Checks on flags seen through references: a flag on one use of a reference, and old flags (WP:V).

A flag standing right after a citation ([37][better source needed]) judges the reference, so every
other claim citing that reference shares the doubt, more lightly. A flag dated years ago is a
problem nobody fixed: more urgent than last month's.
"""

from __future__ import annotations

import re
from typing import Iterator

from auditor.checks.base import Context, Hit
from auditor.model import Claim

#: A flag dated this many years or more before today is stale.
STALE_YEARS = 2
_MONTHS = {m: i for i, m in enumerate("january february march april may june july august september october "
                                      "november december".split(), 1)}
_DATE = re.compile(r"(?:([A-Za-z]+)\s+)?(\d{4})(?:-(\d{1,2}))?")


def months_of(date: str) -> int | None:
    """A flag's date ("February 2016", "2016-02", "2016-02-12") as a count of months, or None."""
    match = _DATE.search(date or "")
    if not match:
        return None
    month = _MONTHS.get((match.group(1) or "").lower()) or int(match.group(3) or 1)
    return int(match.group(2)) * 12 + month - 1


def flagged_elsewhere(claim: Claim, context: Context) -> Iterator[Hit]:
    """A claim cites a reference that an editor flagged where another claim cites it.

    WP:RS, WP:V: {{better source needed}}, {{failed verification}} or {{dead link}}
    right after a citation judge the reference itself, wherever else it is used.

    Fails:  A.[1] ... B.[1][better source needed]   (for the claim "A.")
    Passes: A.[1] ... B.[1]
    """
    own = {(flag.citation, flag.name) for flag in claim.flags}
    reported: set[tuple[str, str]] = set()
    for citation in claim.citations:
        for other, flag in context.flagged.get(citation.key, ()):
            # The claim's own flag on that citation is counted by the flag checks; one doubt counts once.
            if other == claim.id or (citation.label, flag.name) in own or (citation.key, flag.name) in reported:
                continue
            reported.add((citation.key, flag.name))
            yield Hit(f"[{citation.label}] is tagged {flag.words} where {other} cites it "
                      f"(line {flag.location.line})", reference=citation.key)


def stale_flag(claim: Claim, context: Context) -> Iterator[Hit]:
    """A maintenance flag dated two years or more before the audit date.

    WP:V: a challenge left unanswered for years suggests no source exists; such
    material may be removed. The audit date is an input (Context.today).

    Fails:  (audited 2026-01-01) He won.{{citation needed|date=March 2015}}
    Passes: (audited 2026-01-01) He won.{{citation needed|date=October 2025}}
    """
    today = months_of(context.today)
    for flag in claim.flags:
        dated = months_of(flag.date or "")
        if today is None or dated is None or today - dated < STALE_YEARS * 12:
            continue
        years = (today - dated) // 12
        yield Hit(f"{flag.words} has stood since {flag.date} ({years} years)", location=flag.location)


def copy_hides_links(article, context: Context) -> Iterator[Hit]:
    """Copied text cannot show what links hide: URLs behind titles, and so most domains.

    A copy of a rendered page keeps the words of its references list but not the
    addresses of the links in it; domain reliability and link rot can only be
    judged where a URL is visible (WP:V, WP:LINKROT). An information finding (weight 0).

    Fails:  a copied article (input format text)
    Passes: the article's wikitext
    """
    if article.input_format == "text":
        listed = sum(1 for r in article.references if r.content)
        linked = sum(1 for r in article.references if r.field("url"))
        yield Hit(f"copied text: {listed} of {len(article.references)} references listed, {linked} with a "
                  "visible URL; URLs behind titles cannot be seen, so domains and dead links are judged only there")
