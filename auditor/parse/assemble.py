"""Turn a stream of text, citations, flags and breaks into sections and claims.

Both parsers (wikitext and copied text) feed a ``Collector``; it owns the
rules they share: sentence splitting, which sentence a marker belongs to,
coverage, and orphan markers. A run of markers and flags that opens a
paragraph belongs to the last claim before it in the same section (a copy
breaks the line after the full stop); with no claim before it, it is an orphan.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from auditor.model import (
    FULL, NONE, PARAGRAPH, PARTIAL, Citation, Claim, Flag, Location, Section,
)
from auditor.parse.sentences import split_sentences

_SPACES = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")
LEAD = "(lead)"


class LineIndex:
    """Convert character offsets of one input into 1-based lines and columns."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def locate(self, offset: int) -> Location:
        """Return the Location of a character offset."""
        line = bisect.bisect_right(self.starts, offset) - 1
        return Location(line + 1, offset - self.starts[line] + 1, offset)


@dataclass
class _Draft:
    """A claim being built; frozen into a Claim once the article is read."""

    kind: str
    section: str
    paragraph: int
    text: str
    offset: int
    citations: list[Citation] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    cited_until: int = 0
    coverage: str = NONE


@dataclass
class _Block:
    """One paragraph, list item or caption: plain text with anchored markers."""

    kind: str
    offset: int
    parts: list[str] = field(default_factory=list)
    length: int = 0
    spans: list[tuple[int, int]] = field(default_factory=list)  # (plain start, input offset)
    anchors: list[tuple[int, Citation | Flag]] = field(default_factory=list)
    run_citation: Citation | None = None  # last citation with no text after it yet

    def input_offset(self, pos: int) -> int:
        """Map a position in the plain text back to an offset in the input."""
        if not self.spans:
            return self.offset
        i = max(0, bisect.bisect_right(self.spans, (pos, 1 << 62)) - 1)
        start, offset = self.spans[i]
        return offset + (pos - start)


class Collector:
    """Collect what a parser reads, in reading order, and assemble claims."""

    def __init__(self, text: str) -> None:
        self.lines = LineIndex(text)
        self.sections: list[Section] = [Section(LEAD, 1, self.lines.locate(0))]
        self.drafts: list[_Draft] = []
        self.orphans: list[Citation | Flag] = []
        self.block: _Block | None = None
        self.paragraph = 0
        self.section_claims = 0

    @property
    def section(self) -> str:
        """Title of the section being read."""
        return self.sections[-1].title

    def heading(self, title: str, level: int, offset: int) -> None:
        """Start a new section."""
        self.end_block()
        self.sections.append(Section(title, level, self.lines.locate(offset)))
        self.section_claims = 0

    def start_block(self, kind: str, offset: int) -> None:
        """Start a paragraph, list item or caption (ending the current one)."""
        self.end_block()
        self.block = _Block(kind, offset)

    def _current(self, offset: int) -> _Block:
        if self.block is None:
            self.block = _Block("prose", offset)
        return self.block

    def add_text(self, text: str, offset: int) -> None:
        """Append text read at ``offset`` in the input to the current block."""
        if not text:
            return
        block = self._current(offset)
        block.spans.append((block.length, offset))
        block.parts.append(text)
        block.length += len(text)
        if not text.isspace():
            block.run_citation = None

    def add_anchor(self, item: Citation | Flag) -> None:
        """Anchor a citation or flag at the current end of the block's text.

        A flag that follows a citation with nothing but space between them
        marks that citation's reference too.
        """
        block = self._current(item.location.offset)
        if isinstance(item, Citation):
            block.run_citation = item
        elif block.run_citation is not None:
            item = replace(item, citation=block.run_citation.label, group=block.run_citation.group)
        block.anchors.append((block.length, item))

    def pin_page(self, page: str) -> None:
        """Give the last citation of the block a page pin ({{rp}}, ``[1]: 214``)."""
        if self.block is None:
            return
        for i in range(len(self.block.anchors) - 1, -1, -1):
            pos, item = self.block.anchors[i]
            if isinstance(item, Citation):
                self.block.anchors[i] = (pos, replace(item, page=page))
                return

    def end_block(self) -> None:
        """Split the current block into claims and attach its anchors."""
        block, self.block = self.block, None
        if block is None:
            return
        text = "".join(block.parts)
        spans = [s for s in split_sentences(text) if _LETTER.search(text, s[0], s[1])]
        if not spans:
            self._attach_leading([a for _, a in block.anchors])
            return
        self._attach_leading([a for p, a in block.anchors if p <= spans[0][0]])
        self.paragraph += 1
        first = len(self.drafts)
        for begin, end in spans:
            claim_text = _SPACES.sub(" ", text[begin:end])
            self.drafts.append(_Draft(block.kind, self.section, self.paragraph, claim_text,
                                      block.input_offset(begin)))
        begins = [b for b, _ in spans]
        for pos, item in block.anchors:
            if pos <= spans[0][0]:
                continue
            index = bisect.bisect_left(begins, pos) - 1  # the last sentence starting before pos
            draft = self.drafts[first + index]
            if isinstance(item, Citation):
                draft.citations.append(item)
                if not item.note:
                    draft.cited_until = max(draft.cited_until, pos - spans[index][0])
            else:
                draft.flags.append(item)
        self._cover(self.drafts[first:], text, spans)
        self.section_claims += len(spans)

    def _attach_leading(self, anchors: list[Citation | Flag]) -> None:
        """Give markers that open a paragraph to the claim before, or orphan them."""
        if not anchors:
            return
        if self.section_claims == 0:
            self.orphans.extend(anchors)
            return
        draft = self.drafts[-1]
        for item in anchors:
            if isinstance(item, Citation):
                draft.citations.append(item)
                if not item.note:
                    draft.cited_until = len(draft.text)
            else:
                draft.flags.append(item)
        draft.coverage = FULL if draft.cited_until else draft.coverage

    @staticmethod
    def _cover(drafts: list[_Draft], text: str, spans: list[tuple[int, int]]) -> None:
        """Set coverage: full, partial, paragraph (a later sentence is cited) or none."""
        later_cited = False
        for draft, (begin, end) in reversed(list(zip(drafts, spans))):
            if draft.cited_until:
                rest = text[begin + draft.cited_until:end]
                draft.coverage = PARTIAL if _LETTER.search(rest) or any(ch.isdigit() for ch in rest) else FULL
                draft.cited_until = len(draft.text) if draft.coverage == FULL else min(
                    draft.cited_until, len(draft.text))
                later_cited = True
            elif later_cited:
                draft.coverage = PARAGRAPH

    def finish(self) -> tuple[tuple[Section, ...], tuple[Claim, ...], tuple[Citation | Flag, ...]]:
        """Return the sections, the claims and the orphan markers read."""
        self.end_block()
        claims = tuple(
            Claim(
                id=f"c{i}", kind=d.kind, section=d.section, paragraph=d.paragraph,
                text=d.text, location=self.lines.locate(d.offset),
                citations=tuple(d.citations), flags=tuple(d.flags),
                coverage=d.coverage, cited_until=d.cited_until,
            )
            for i, d in enumerate(self.drafts, 1)
        )
        return tuple(self.sections), claims, tuple(self.orphans)
