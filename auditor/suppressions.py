"""Findings silenced in the wikitext, on one claim, by an invisible comment next to it (like ruff's noqa).

    He sold 250,000 copies.<ref>...</ref><!-- auditor: ignore C105 -- the figure is the cited table's -->

A comment ``<!-- auditor: ignore CODES [-- REASON] -->`` (codes, prefixes or names, separated by commas or
spaces; none means every code) applies to the claim it follows on its line, else, standing before any claim
on its line, to the claim after it. Comments are read from the source text, by offset, after parsing, and
matched to claims by location, so the parser knows nothing of them; the catalogue says which codes
a spec covers. A silenced finding costs its claim
nothing; the record keeps it, with the reason, under the claim's ``suppressed``. Codes that make an audit
incomplete are article-level and cannot be silenced this way. Pure: text, claims and findings in.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.checks import covers
from auditor.compiled import lazy_compile
from auditor.lines import LineIndex
from auditor.model import Claim, Finding

_COMMENT = lazy_compile(r"<!--\s*auditor\s*:\s*ignore\b(.*?)-->", re.S | re.I)


@dataclass(frozen=True)
class Suppression:
    """One ``auditor: ignore`` comment: what it silences (empty: everything), why, and where it stands."""

    specs: tuple[str, ...]
    reason: str | None
    offset: int


@dataclass(frozen=True)
class Suppressed:
    """A finding a comment silenced, and the comment's reason."""

    finding: Finding
    reason: str | None


def read_suppressions(text: str) -> list[Suppression]:
    """The ``auditor: ignore`` comments of a text, in order."""
    if "auditor" not in text:  # most articles: no scan at all
        return []
    found = []
    for match in _COMMENT.finditer(text):
        codes, _, reason = match.group(1).partition("--")
        specs = tuple(part for part in re.split(r"[\s,]+", codes.strip()) if part)
        found.append(Suppression(specs, " ".join(reason.split()) or None, match.start()))
    return found


def claim_of(suppression: Suppression, lines: LineIndex, claims: list[Claim], starts: list[int]) -> Claim | None:
    """The claim a comment applies to: the last one starting before it on its line, else the next one.

    ``claims`` in order of their offsets, and ``starts`` those offsets.
    """
    before = bisect_right(starts, suppression.offset) - 1
    if before >= 0 and claims[before].location.line == lines.locate(suppression.offset).line:
        return claims[before]
    return claims[before + 1] if before + 1 < len(claims) else None


def apply_suppressions(text: str, claims: Iterable[Claim],
                       findings: tuple[Finding, ...]) -> tuple[tuple[Finding, ...], tuple[Suppressed, ...]]:
    """(findings kept, findings silenced by a comment on their claim)."""
    suppressions = read_suppressions(text)
    if not suppressions:
        return findings, ()
    ordered = sorted(claims, key=lambda c: c.location.offset)
    starts, lines = [c.location.offset for c in ordered], LineIndex(text)
    rules: dict[str, list[Suppression]] = {}
    for suppression in suppressions:
        claim = claim_of(suppression, lines, ordered, starts)
        if claim is not None:
            rules.setdefault(claim.id, []).append(suppression)
    kept, silenced = [], []
    for finding in findings:
        rule = next((s for s in rules.get(finding.claim or "", ())
                     if not s.specs or any(covers(spec, finding.code) for spec in s.specs)), None)
        if rule is None:
            kept.append(finding)
        else:
            silenced.append(Suppressed(finding, rule.reason))
    return tuple(kept), tuple(silenced)
