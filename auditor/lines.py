"""Character offsets of one text as 1-based lines and columns: what parsers, spans and suppressions share."""

from __future__ import annotations

import re
from bisect import bisect_right

from auditor.model import Location


class LineIndex:
    """Convert character offsets of one input into 1-based lines and columns."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def locate(self, offset: int) -> Location:
        """Return the Location of a character offset."""
        line = bisect_right(self.starts, offset) - 1
        return Location(line + 1, offset - self.starts[line] + 1, offset)

    def line_end(self, offset: int) -> int:
        """The offset just past the last non-blank character of the line holding ``offset``."""
        end = self.text.find("\n", offset)
        end = len(self.text) if end < 0 else end
        return max(offset + 1, len(self.text[offset:end].rstrip()) + offset)
