"""Where things end in the source: the end of each claim and of each article-level finding's line.

Parsing gives where a claim starts; CI formats want a region (start and end), so code scanning can keep
two claims of one paragraph apart. A claim ends where the next claim starts, or at the end of its
paragraph (a blank line, or a line that starts with markup: a list item, heading, table, template or
tag), whichever comes first, trailing white space left out. Pure: text and model in, locations out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from auditor.model import Claim, Location

#: A line break that ends a paragraph: before a blank line or a line opening with markup.
_PARAGRAPH_END = re.compile(r"\n(?=\s*\n|[*#:;={|}<\[!]|\s*$)")


class Lines:
    """Offsets <-> (line, column) for one text, both 1-based as Location has them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def location(self, offset: int) -> Location:
        """The Location of a character offset."""
        line = bisect_right(self.starts, offset)
        return Location(line, offset - self.starts[line - 1] + 1, offset)

    def line_end(self, offset: int) -> int:
        """The offset just past the last non-blank character of the line holding ``offset``."""
        end = self.text.find("\n", offset)
        end = len(self.text) if end < 0 else end
        return max(offset + 1, len(self.text[offset:end].rstrip()) + offset)


def claim_ends(text: str, claims: Iterable[Claim]) -> dict[str, Location]:
    """The end (exclusive) of each claim, by claim id."""
    lines = Lines(text)
    ordered = sorted(claims, key=lambda c: c.location.offset)
    ends = {}
    for claim, following in zip(ordered, [*ordered[1:], None]):
        start = claim.location.offset
        stop = following.location.offset if following is not None else len(text)
        paragraph = _PARAGRAPH_END.search(text, start, max(start, stop))
        end = paragraph.start() if paragraph else stop
        end = max(start + 1, start + len(text[start:end].rstrip()))
        ends[claim.id] = lines.location(min(end, max(len(text), start + 1)))
    return ends


def line_ends(text: str, offsets: Iterable[int]) -> dict[int, Location]:
    """The end of the line holding each offset (for findings that point at a place, not a claim)."""
    lines = Lines(text)
    return {offset: lines.location(lines.line_end(offset)) for offset in offsets}
