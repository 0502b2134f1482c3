"""Where things end in the source: the end of each claim and of each article-level finding's line.

Parsing gives where a claim starts; CI formats want a region (start and end), so code scanning can keep
two claims of one paragraph apart. A claim ends where the next claim starts, or at the end of its
paragraph (a blank line, or a line that starts with markup: a list item, heading, table, template or
tag), whichever comes first, trailing white space left out. Pure: text and model in, locations out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from auditor.lines import LineIndex
from auditor.model import Claim, Location

#: A line break that ends a paragraph: before a blank line or a line opening with markup.
_PARAGRAPH_END = re.compile(r"\n(?=\s*\n|[*#:;={|}<\[!]|\s*$)")


def claim_ends(text: str, claims: Iterable[Claim]) -> dict[str, Location]:
    """The end (exclusive) of each claim, by claim id."""
    lines = LineIndex(text)
    ordered = sorted(claims, key=lambda c: c.location.offset)
    ends = {}
    for claim, following in zip(ordered, [*ordered[1:], None]):
        start = claim.location.offset
        stop = following.location.offset if following is not None else len(text)
        paragraph = _PARAGRAPH_END.search(text, start, max(start, stop))
        end = paragraph.start() if paragraph else stop
        end = max(start + 1, start + len(text[start:end].rstrip()))
        ends[claim.id] = lines.locate(min(end, max(len(text), start + 1)))
    return ends


def line_ends(text: str, offsets: Iterable[int]) -> dict[int, Location]:
    """The end of the line holding each offset (for findings that point at a place, not a claim)."""
    lines = LineIndex(text)
    return {offset: lines.locate(lines.line_end(offset)) for offset in offsets}
