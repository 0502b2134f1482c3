"""Checks on a claim's own coverage by citations (WP:V, WP:MINREF)."""

from __future__ import annotations

import re
from typing import Iterator

from auditor.checks.base import Context, Hit
from auditor.model import CAPTION, NONE, PARAGRAPH, PARTIAL, Claim

#: Quotations, paired left to right so the text between two quotations is never taken for one.
_QUOTE = re.compile(r'"([^"]*)"|\u201c([^\u201c\u201d]*)\u201d')
_FIGURE = re.compile(
    r"\d[\d,.]*\s*(%|per ?cent|percent|million|billion|trillion)\b|[$£€¥]\s?\d[\d,.]*|\b\d{1,3}(?:,\d{3})+\b|\b\d{5,}\b",
    re.I,
)


def no_citation(claim: Claim, context: Context) -> Iterator[Hit]:
    """A claim in prose or a list with no citation, and none later in its paragraph.

    WP:V asks that material likely to be challenged be attributable to a reliable
    source through an inline citation. A claim with nothing after it that cites
    a source leaves the reader no way to check it.

    Fails:  Adams was born in Cambridge.
    Passes: Adams was born in Cambridge.[2]
    """
    if claim.coverage == NONE and claim.kind != CAPTION:
        yield Hit("no citation supports this claim")


def uncited_caption(claim: Claim, context: Context) -> Iterator[Hit]:
    """An image caption with no citation.

    WP:CAPTION: a caption asserting facts not cited in the body needs a citation
    too. Weighted lightly, since captions often repeat cited body text.

    Fails:  Ballist forces enter Prizren
    Passes: Ballist forces enter Prizren in 1944.[12]
    """
    if claim.coverage == NONE and claim.kind == CAPTION:
        yield Hit("caption has no citation")


def partial_coverage(claim: Claim, context: Context) -> Iterator[Hit]:
    """A claim whose citations sit inside it, leaving its end unsourced.

    WP:INTEGRITY: a citation covers the text before it. Text after the last
    citation of a sentence is not shown to be supported by it.

    Fails:  He denounced the agreement,[28] and Đilas called them "Fascists".
    Passes: He denounced the agreement, and Đilas called them "Fascists".[28]
    """
    if claim.coverage == PARTIAL:
        rest = claim.text[claim.cited_until:].strip()
        yield Hit(f"text after the last citation is unsourced: \u201c{rest[:60]}\u201d")


def paragraph_coverage(claim: Claim, context: Context) -> Iterator[Hit]:
    """A claim with no citation of its own, relying on a later one in its paragraph.

    By convention (WP:CITEFOOT) one citation at the end of a paragraph may
    cover the sentences before it; a reader cannot tell whether it does.

    Fails:  He moved to London. He wrote a novel there.[3]   (the first sentence)
    Passes: He moved to London.[4] He wrote a novel there.[3]
    """
    if claim.coverage == PARAGRAPH:
        yield Hit("no citation of its own; relies on a later citation in the paragraph")


def unsourced_quotation(claim: Claim, context: Context) -> Iterator[Hit]:
    """A quotation with no citation of its own.

    WP:MINREF: every quotation must be followed by an inline citation, whatever
    else is cited nearby.

    Fails:  Đilas described them as "Albanian Fascists who fought the partisans".
    Passes: Đilas described them as "Albanian Fascists who fought the partisans".[29]
    """
    if claim.coverage in (NONE, PARAGRAPH):
        quoted = (m.group(1) or m.group(2) or "" for m in _QUOTE.finditer(claim.text))
        # Fewer than four words: a quoted name or term, not a quotation.
        quotation = next((q for q in quoted if len(q.split()) >= 4), None)
        if quotation:
            yield Hit(f"quotation without a citation: \u201c{quotation[:50]}\u201d")


def unsourced_figures(claim: Claim, context: Context) -> Iterator[Hit]:
    """Figures or statistics (percentages, money, large counts) with no citation of their own.

    WP:V: numbers are among the claims most often challenged and most easily
    corrupted; they need a source at the sentence.

    Fails:  The books sold more than 15 million copies.
    Passes: The books sold more than 15 million copies.[5]
    """
    if claim.coverage in (NONE, PARAGRAPH):
        match = _FIGURE.search(claim.text)
        if match:
            yield Hit(f"figure without a citation: \u201c{match.group().strip()}\u201d")

