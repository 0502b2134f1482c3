"""Where text read from the DOM stands in the input: a cursor that follows the reading through the HTML.

The DOM library keeps no source positions. Text is read in document order, so each piece is looked for
a little ahead of the last one found; the part of it that HTML writes as it is (no entities, ASCII) is
the probe. Not found, the position stays where it was: a claim's line is then that of the text before it.
"""

from __future__ import annotations

import re

#: How far ahead a piece of text is looked for (markup between two pieces of text is rarely longer).
_WINDOW = 20_000
#: Characters HTML may write otherwise (entities), where a probe stops.
_ESCAPABLE = re.compile(r"[&<>\"'\u0080-\U0010ffff]")
_PROBE = 32


class Cursor:
    """The reading position in the input HTML."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.at = 0

    def find(self, text: str) -> int:
        """The offset of ``text`` just ahead of the cursor (the cursor when it is not found); moves past it."""
        stripped = text.lstrip()
        probe = stripped[:_PROBE]
        cut = _ESCAPABLE.search(probe)
        if cut is not None:
            probe = probe[:cut.start()]
        if not probe.strip() or (len(probe) < 3 and probe != stripped):
            return self.at
        found = self.html.find(probe, self.at, self.at + _WINDOW)
        if found < 0:
            return self.at
        self.at = found + len(probe)
        return found
