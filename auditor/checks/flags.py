"""Checks on inline maintenance flags left by editors (WP:V, WP:RS, WP:CITE, WP:LINKROT).

The parser resolved every alias to a canonical flag and its family; one check
per family reports each flag of that family on the claim.
"""

from __future__ import annotations

from typing import Iterator

from auditor.checks.base import Context, Hit
from auditor.model import Claim, Flag


def _describe(flag: Flag) -> str:
    where = f" on citation [{flag.citation}]" if flag.citation else ""
    since = f" since {flag.date}" if flag.date else ""
    return f"tagged {flag.words}{where}{since}"


def _of_family(claim: Claim, family: str) -> list[Hit]:
    keys = {(c.group, c.label): c.key for c in claim.citations}
    return [Hit(_describe(flag), reference=keys.get((flag.group, flag.citation)) if flag.citation else None,
                location=flag.location) for flag in claim.flags if flag.family == family]


def tagged_unsourced(claim: Claim, context: Context) -> Iterator[Hit]:
    """An editor tagged the claim as needing a citation ({{citation needed}}, {{cn}}, ...).

    WP:V: any material challenged, and tagged so, needs an inline citation to a
    reliable source or may be removed.

    Fails:  While at school,[citation needed] he wrote a play.
    Passes: While at school,[26] he wrote a play.
    """
    yield from _of_family(claim, "unsourced")


def tagged_unverified(claim: Claim, context: Context) -> Iterator[Hit]:
    """An editor found the cited source does not support the claim, or doubts it.

    Covers {{failed verification}}, {{verification needed}}, {{dubious}},
    {{original research inline}} and the like (WP:V, WP:NOR).

    Fails:  The army numbered 40,000.[12][failed verification]
    Passes: The army numbered 40,000.[12]
    """
    yield from _of_family(claim, "verification")


def tagged_poor_source(claim: Claim, context: Context) -> Iterator[Hit]:
    """An editor judged a cited source not good enough ({{better source needed}}, {{unreliable source?}}, ...).

    WP:RS: claims must rest on reliable, published sources; self-published,
    user-generated and primary sources are limited.

    Fails:  The west noted it.[37][better source needed]
    Passes: The west noted it.[37]
    """
    yield from _of_family(claim, "source-quality")


def tagged_incomplete_citation(claim: Claim, context: Context) -> Iterator[Hit]:
    """A citation lacks what a reader needs to find the support ({{page needed}}, {{full citation needed}}).

    WP:CITE: a citation to a book or long work gives the page, so the claim can
    be checked without reading the whole source.

    Fails:  They opposed it.[27][page needed]
    Passes: They opposed it.[27]: 214
    """
    yield from _of_family(claim, "incomplete")


def tagged_dead_link(claim: Claim, context: Context) -> Iterator[Hit]:
    """A cited link is tagged dead ({{dead link}}, {{permanent dead link}}).

    WP:LINKROT: a dead link with no archived copy leaves the claim unverifiable
    online until someone finds an archive or replacement.

    Fails:  It opened in 1920.[3][dead link]
    Passes: It opened in 1920.[3]
    """
    yield from _of_family(claim, "link-rot")


def tagged_vague_wording(claim: Claim, context: Context) -> Iterator[Hit]:
    """An editor asked who, which, when, or for clearer wording ({{who?}}, {{according to whom?}}, {{vague}}).

    WP:WEASEL and WP:INTEXT: opinions need attribution, and vague wording hides
    what the source actually says.

    Fails:  Some critics[who?] called it a masterpiece.
    Passes: The Guardian's critic called it a masterpiece.[8]
    """
    yield from _of_family(claim, "wording")
