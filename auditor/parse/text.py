"""Plain text copied from a rendered article -> model.

A copy keeps what a reader saw: paragraphs separated by blank lines,
headings as short lines, citation markers such as ``[17]``, ``[a]``,
``[note 3]`` and ``[1]: 214``, and flags as rendered (``[page needed]``).
It also keeps the page's furniture (infobox rows, navboxes, "Categories:"),
which is recognised here and never becomes a claim.

The flow is one way: the input's lines, each classified once (auditor/parse/textlines.py), grouped into
blocks with the headings a browser's copy glues to them cut out (auditor/parse/textblocks.py); then each
block is read in order: a heading, a list's entry, or lines whose kinds the rules of
auditor/parse/textrules.py decide, until the back matter, which is skipped up to a heading that opens
content again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from itertools import islice
from pathlib import PurePath

from auditor.compiled import lazy_compile
from auditor.model import CAPTION, LIST, WORK, Citation, Flag, Problem
from auditor.parse.assemble import Collector
from auditor.parse.flagnames import FlagTable
from auditor.parse.labels import label_group
from auditor.parse.sections import BACK, WORKS, is_ambiguous, is_back_matter, section_role
from auditor.parse.textblocks import (Block, body_of, is_aside, is_contents, is_prose, is_table_caption, is_table_row,
                                      is_term_line, notes_list_lines, opens_the_prose, paragraphs, split_headings,
                                      table_of_contents)
from auditor.parse.textlines import BRACKET, BULLET, Line
from auditor.parse.textrules import ATTRIBUTION, NO_CLAIM, LineContext, heads, is_entry_like, is_lone_caption, \
    kind_of, leaves_the_list, reopening_headings, resumes_the_prose

__all__ = ["guess_title", "parse_text"]

_MARKER = lazy_compile(r"(\d{1,4}|[a-z]{1,2}|[A-Z]{1,2}|[a-z][a-z ]{0,20} \d{1,4})")
#: A caption's tail glued into a line of prose: "...a kingdom. was constructed in 1166.]] In the 20th century".
_GLUED_RESIDUE = lazy_compile(r"^[^\[\].!?]{0,200}[.!?]?\]\]|(?<=[.!?])\s[^\[\].!?]{1,200}[.!?]?\]\]")
#: An underscore that opens or closes italics in a copy made by a text dump ("(_e.g.,_ Baudot)").
_EMPHASIS = lazy_compile(r"(?<![\w_])_(?=[^\s_])|(?<=[^\s_])_(?![\w_])")
#: How many blocks ahead the reader looks: a heading over headings over prose (h2, h3, h4, then text).
_AHEAD = 4
#: Two-letter words an editor may insert in brackets ("possibly [my] only convert"): never labels.
_BRACKETED_WORDS = frozenset("my it he we me us an in on of to is as at by or so no do be go up if am".split())


class _TextReader:
    """Reads one copied article into a Collector, a block at a time, keeping where it stands."""

    def __init__(self, text: str, flags: FlagTable, lang: str = "en", contents: frozenset[str] = frozenset()) -> None:
        self.flags = flags
        self.contents = contents  # the headings of the copy's table of contents, if it has one
        self.lang = lang
        self.collector = Collector(text, lang)
        self.problems: list[Problem] = []
        self.notes = notes_list_lines(text)
        self.works = False  # in a section that lists works: its lines are catalogue entries
        self.listing = False  # after a line ending with a colon, or in works: short lines are list items
        self.run: list[Line] = []  # the one-line paragraphs read as items of that list so far
        self.table = False  # the section holds a table, whose cells a copy shows as lines
        self.term_run = False  # the paragraph before was a one-line "Term: text" item
        self.opened = False  # a paragraph of the lead has been read: what comes first is prose, no caption
        self.fresh = False  # the block before was the heading of the section

    # Reading text: a line's words, markers and flags into the collector.

    def read_line(self, line: Line, kind: str) -> None:
        """Read one line of prose: text, markers and flags (caption residue blanked, offsets kept)."""
        text, offset = line.text, line.offset
        if "]]" in text:
            text = _GLUED_RESIDUE.sub(lambda m: " " * len(m.group()), text)
        lead = len(text) - len(text.lstrip())
        if kind == LIST:
            bullet = BULLET.match(text.lstrip())
            lead += len(bullet.group()) if bullet else 0
        self.collector.start_block(kind, offset + lead)
        position = lead
        for match in BRACKET.finditer(text, lead):
            self._add_text(text, position, match.start(), offset)
            if not self._read_bracket(match, offset):
                self.collector.add_text(match.group(), offset + match.start())
            position = match.end()
        self._add_text(text, position, len(text), offset)
        self.collector.end_block()

    def _add_text(self, line: str, start: int, end: int, offset: int) -> None:
        """Add a stretch of a line, without the underscores some copies put around italics ("_e.g.,_")."""
        position = start
        for match in _EMPHASIS.finditer(line, start, end):
            self.collector.add_text(line[position:match.start()], offset + position)
            position = match.end()
        self.collector.add_text(line[position:end], offset + position)

    def _read_bracket(self, match: re.Match[str], offset: int) -> bool:
        """Turn ``[17]``, ``[note 3]`` or ``[page needed]`` into an anchor."""
        inner = match.group(1).strip()
        location = self.collector.lines.locate(offset + match.start())
        if _MARKER.fullmatch(inner) and inner.lower() not in _BRACKETED_WORDS:
            group = label_group(inner)
            self.collector.add_anchor(Citation(inner, f"{group}:{inner}", location, group,
                                               page=match.group(2)))
            return True
        kind = self.flags.by_rendered(inner)
        if kind is None:
            return False
        self.collector.add_anchor(Flag(kind.name, kind.family, match.group(0), location,
                                          shown=f"[{' '.join(inner.split())}]"))
        if match.group(2):
            self.collector.add_text(match.group()[len(match.group(1)) + 2:], offset + match.start())
        return True

    def read_attribution(self, line: Line) -> None:
        """A quotation's attribution line: its markers close the quotation, whose sentences become quotes."""
        self.collector.end_block()
        if self.collector.requote_last_paragraph():
            for match in BRACKET.finditer(line.text):
                self._read_bracket(match, line.offset)
            self.collector.end_block()

    # Reading blocks: what each is, in order.

    def read_paragraph(self, block: Block, ahead: Sequence[Block] = ()) -> bool:
        """Read one block (see _read_paragraph); only the first block read is ``fresh``."""
        fresh, self.fresh = self.fresh, False
        return self._read_paragraph(block, ahead, fresh)

    def _read_paragraph(self, block: Block, ahead: Sequence[Block], fresh: bool) -> bool:
        """Read one block; return False when the back matter starts.

        ``ahead`` are the next blocks that are no asides (a few): a heading is one only when prose follows it
        (or headings over prose), and a heading named like back matter ("Literature") is content when prose
        does.
        """
        following = ahead[0] if ahead else None
        if is_contents(block):
            return True
        content = [line for i, line in enumerate(block)
                   if not line.furniture and not is_table_caption(line, block[i + 1:i + 2])]
        if any(line.cell for line in block):
            self.table = True  # a table's cells: short lines among them are cells too, not list items
        if is_table_row(block) or not content:
            return True
        single = content[0] if len(content) == 1 else None
        term_run, self.term_run = self.term_run, single is not None and single.term
        if single is not None and single.heading_shaped and len(block) == 1:
            return self.read_heading(single, ahead, fresh)
        if single is not None and self._reads_as_entry(single, block, following, term_run):
            self.read_line(single, WORK if self.works else LIST)
            self.listing = self.listing or self.term_run
            self.run.append(single)
            return True
        self._read_lines(block, content)
        # A line that ends with a colon introduces a list, which a copy shows as short lines.
        self.listing = self.works or content[-1].colon_end
        self.run = []
        self.opened = True
        return True

    def _reads_as_entry(self, single: Line, block: Block, following: Block | None, term_run: bool) -> bool:
        """A one-line block that is an entry of the list above it: after a line ending in a colon (short, or
        not ended as a sentence) unless it leaves the list's shape, or in a run of one-line "Term: text"
        paragraphs; never a quotation's line (an attribution follows it) nor one that introduces a list."""
        quoted = following is not None and following[0].attribution
        if self.table or quoted or single.colon_end:
            return False
        return (self.listing and is_entry_like(single, self.works) and not leaves_the_list(single, self.run)
                or self.term_run and len(block) == 1 and (term_run or self.listing or is_term_line(following)))

    def _read_lines(self, block: Block, content: Block) -> None:
        """Read a block's lines, each as the line rules say (auditor/parse/textrules.py). After a line ending in
        a colon, a block of lines is its list, one item a line, short or long (a browser's copy keeps the items'
        line breaks and drops their bullets), but for a last line that is the paragraph after the list."""
        items = self.listing and not self.table and len(content) > 1
        ctx = LineContext(block, content, items, items and resumes_the_prose(content), self.works, self.opened,
                          self.notes, self.lang)
        self.listing = self.works
        for line in content:
            kind = kind_of(line, ctx)
            if kind == ATTRIBUTION:
                self.read_attribution(line)
            elif kind is not None and kind != NO_CLAIM:
                self.read_line(line, kind)

    def read_heading(self, line: Line, ahead: Sequence[Block], fresh: bool = False) -> bool:
        """A short unpunctuated line: a section heading, an entry of a list, or furniture.

        A heading directly over another heading (a section whose first subsection starts at once:
        "Growth and development" / "In Europe" / "Great Britain and Ireland" / prose) is a heading too. Returns
        False at the back matter.
        """
        following = ahead[0] if ahead else None
        prose = following is not None and (
            is_prose(following) or not self.listing and heads(ahead, self.contents, self.lang))
        lang = self.lang
        if is_back_matter(line.text, lang) and not (prose and is_ambiguous(line.text, lang)
                                                    and not following[0].reference_like
                                                    and section_role(line.text, body_of(following), lang) != BACK):
            return False
        if self.listing and not self.table and line.entry:
            self.read_line(line, WORK if self.works else LIST)
            return True
        under_hatnote = following is not None and following[0].hatnote
        entries = following is not None and following[0].entry
        bulleted = following is not None and all(item.bulleted for item in following)
        if (prose or under_hatnote or entries or bulleted) and line.is_section_heading(self.contents):
            self.open_section(line)
            self.listing = self.works or entries
        elif self.listing and not self.table:
            self.read_line(line, WORK if self.works else LIST)
        elif fresh and following is not None and is_prose(following) and not following[-1].colon_end \
                and is_lone_caption(line):
            self.read_line(line, CAPTION)
        return True

    def open_section(self, line: Line) -> None:
        """Start the section a heading opens: no table yet, its role from its name."""
        self.collector.heading(line.stripped, 2, line.offset)
        self.fresh = True
        self.table = False
        self.run = []
        self.works = section_role(line.text, "", self.lang) == WORKS

    def reopen(self, line: Line) -> None:
        """A heading after the back matter that opens content again (textrules.reopening_headings)."""
        self.open_section(line)
        self.term_run = False
        self.listing = self.works


def guess_title(text: str, name: str) -> str:
    """The article title: a copy's first line when it looks like one, else the file name."""
    first = Line(next((line for line in text.splitlines() if line.strip()), ""), 0)
    if first.text and not first.furniture and first.heading_shaped:
        return first.stripped
    stem = PurePath(name).stem if name not in ("-", "<stdin>") else "stdin"
    return re.sub(r"[-_]+", " ", stem).strip() or "untitled"


def _blocks(text: str, title: str, lang: str) -> tuple[list[Block], frozenset[str]]:
    """The copy's blocks from the lead's first paragraph on, headings cut out; and its table of contents."""
    blocks = paragraphs(text)
    contents = table_of_contents(blocks)
    if blocks and len(blocks[0]) == 1 and blocks[0][0].stripped == title:
        blocks = blocks[1:]
    # Before the lead's first sentence a copy holds hatnotes and the infobox: no claims there.
    start = next((i for i, block in enumerate(blocks) if opens_the_prose(block)), 0)
    cut: list[Block] = []
    for block in blocks[start:]:
        cut.extend(split_headings(block, lang, bool(cut) and cut[-1][-1].colon_end))
    return cut, contents


def parse_text(text: str, title: str, flags: FlagTable, lang: str = "en"):
    """Read a copied article in a wiki's language; return (sections, claims, orphans, problems)."""
    blocks, contents = _blocks(text, title, lang)
    reader = _TextReader(text, flags, lang, contents)
    back = False  # in back matter: nothing is read until a heading opens content again
    reopening: frozenset[int] | None = None

    @cache
    def aside(j: int) -> bool:
        """Whether block ``j`` is an aside: asked of the blocks ahead of the one read, once each."""
        return is_aside(blocks[j], contents)

    for i, block in enumerate(blocks):
        if back:
            if reopening is None:
                reopening = reopening_headings(blocks, lang, contents, reader.notes)
            if i in reopening:
                back = False
                reader.reopen(block[0])
            continue
        ahead = (blocks[j] for j in range(i + 1, len(blocks)) if not aside(j))
        back = not reader.read_paragraph(block, tuple(islice(ahead, _AHEAD)))
    sections, claims, orphans = reader.collector.finish()
    return sections, claims, orphans, tuple(reader.problems)
