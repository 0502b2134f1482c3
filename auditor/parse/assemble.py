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

from auditor.compiled import lazy_compile
from auditor.lines import LineIndex
from auditor.model import (
    CAPTION, FULL, LEAD, LIST, NONE, PARAGRAPH, PARTIAL, PROSE, QUOTE, WORK, Citation, Claim, Cover, Flag, Section,
)
from auditor.parse.sentences import split_sentences

_HIDDEN = lazy_compile(r"display\s*:\s*none", re.I)  # compiled when a tag has a style


def hides(style: str | None) -> bool:
    """Whether an element's style attribute hides it and all it holds (display:none): a reader sees none of
    its text, so it holds no claim. Both the wikitext and the HTML readers ask this."""
    return bool(style) and _HIDDEN.search(style) is not None


_SPACES = re.compile(r"\s+")
#: Runs of whitespace that folding shortens: a run of one character folds to one space, the same length.
_LONG_SPACES = re.compile(r"\s{2,}")
_LETTER = re.compile(r"[^\W\d_]")
#: Punctuation that closes up to the word before it, after a marker: "ambiente <ref/>." reads "ambiente."
_CLOSING_PUNCTUATION = re.compile(r"\s*[.,;:!?](?!\w)")
#: A paragraph that only credits a table or figure above it ("Source: ONS, 2011"): not a claim.
_CREDIT_LINE = re.compile(r"^\s*(sources?|data|credits?|note)\s*:", re.I)
#: Marks that open a quotation set on a line of its own (':"On Waterloo's ensanguined plain / ..."').
_QUOTE_OPENERS = "\"“‘„«'"
#: Flag families that say no citation covers the claim.
_UNSOURCED = "unsourced"
#: A count in parentheses after a bold heading line: '''AFC''' (9); and a character no such count holds.
_COUNT = re.compile(r"\s*\(\d+\)\s*")
_NOT_A_COUNT = re.compile(r"[^\d()\s]")
#: An aside in brackets, and a word (two letters or more), for holds_words.
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_WORD = re.compile(r"[^\W\d_]{2,}")


def holds_words(text: str) -> bool:
    """Whether text holds a word of two letters or more outside brackets: what is left of a list item without
    its name asserts something when it does ("beat France in the final."), not when it is only figures and
    asides ("(63) (debut)", "– 9.69 s")."""
    return _WORD.search(_BRACKETED.sub(" ", text)) is not None


class _Folded:
    """Positions in a span of text as they fall once its runs of whitespace are one space each.

    ``at(p)`` is ``len(_SPACES.sub(" ", text[begin:p]))`` for begin <= p <= end, from one scan of the
    span instead of a substitution per position asked (a claim's markers and link spans ask several).
    Only runs of two or more characters move a position (prose has about one run a word, nearly all
    single spaces), so only they are kept.
    """

    def __init__(self, text: str, begin: int, end: int) -> None:
        self.begin, self.starts, self.stops, self.saved = begin, [], [], []  # saved: by the runs before each
        saved = 0
        for match in _LONG_SPACES.finditer(text, begin, end):  # as in text[begin:end]: \s looks neither way
            start, stop = match.span()
            self.starts.append(start)
            self.stops.append(stop)
            self.saved.append(saved)
            saved += stop - start - 1

    def at(self, position: int) -> int:
        run = bisect.bisect_left(self.starts, position) - 1  # the last run starting before position
        if run < 0:
            return position - self.begin
        start = self.starts[run]
        cut = min(self.stops[run], position) - start - 1  # the part of that run before position, less one space
        return position - self.begin - self.saved[run] - cut


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
    links: tuple[tuple[int, int], ...] = ()
    cover: Cover = Cover.NONE

    def attach(self, item: Citation | Flag, at: int) -> None:
        """Attach a marker standing ``at`` characters into the claim's text."""
        at = min(at, len(self.text))
        if isinstance(item, Citation):
            self.citations.append(item.placed(at))
            if not item.note:
                self.cited_until = max(self.cited_until, at)
        else:
            self.flags.append(item.placed(at))

    @property
    def tagged_unsourced(self) -> bool:
        """An editor tagged the claim as needing a citation."""
        return any(f.family == _UNSOURCED and f.citation is None for f in self.flags)

    def rest_on(self, cover: Cover) -> None:
        """A citation other than the claim's own covers it: the one place that gives paragraph coverage.

        The first cover found is kept (a later sentence's citation before the list's introduction's); a claim
        tagged [citation needed] gets none (the tag says an editor judged that it is not covered). The cover
        is recorded on a cited claim too, whose coverage stays its own: it is what the claim would rest on
        without its citations (scoring's floor reads it).
        """
        if self.cover == Cover.NONE and not self.tagged_unsourced:
            self.cover = cover
            if self.coverage == NONE:
                self.coverage = PARAGRAPH


@dataclass
class _Block:
    """One paragraph, list item or caption: plain text with anchored markers."""

    kind: str
    offset: int
    parts: list[str] = field(default_factory=list)
    length: int = 0
    spans: list[tuple[int, int]] = field(default_factory=list)  # (plain start, input offset)
    anchors: list[tuple[int, Citation | Flag]] = field(default_factory=list)
    protected: list[tuple[int, int]] = field(default_factory=list)  # never cut inside (link text, titles)
    links: list[tuple[int, int]] = field(default_factory=list)  # the spans that are link text
    formulas: list[tuple[int, int]] = field(default_factory=list)  # the spans that are inline formulas
    heading_like: bool = False  # a pseudo-heading (a definition term): no claim
    outside_bold: str = ""  # the text read outside bold, while it may be only a count: " (9)"
    plain: bool = False  # it holds more than a count: the line is no pseudo-heading
    nameless: bool = False  # a list item whose opening name was not rendered: no claim unless words follow
    run_citation: Citation | None = None  # last citation with no text after it yet

    def input_offset(self, pos: int) -> int:
        """Map a position in the plain text back to an offset in the input."""
        if not self.spans:
            return self.offset
        i = max(0, bisect.bisect_right(self.spans, (pos, 1 << 62)) - 1)
        start, offset = self.spans[i]
        return offset + (pos - start)


def _close_up(block: _Block) -> None:
    """Drop the space a removed marker left between a word and its full stop ("ambiente [1]." in a copy,
    "ambiente <ref>...</ref>." in wikitext: the page shows "ambiente.[1]" or "ambiente [1].", the claim
    "ambiente.")."""
    while block.parts and block.parts[-1][-1:].isspace():
        part = block.parts[-1]
        kept = part.rstrip()
        block.length -= len(part) - len(kept)
        if kept:
            block.parts[-1] = kept
            break
        block.parts.pop()
        if block.spans and block.spans[-1][0] >= block.length:
            block.spans.pop()
    end = block.length
    block.anchors = [(min(p, end), a) for p, a in block.anchors]
    block.protected = [(a, min(b, end)) for a, b in block.protected if a < end]
    block.links = [(a, min(b, end)) for a, b in block.links if a < end]


class Collector:
    """Collect what a parser reads, in reading order, and assemble claims."""

    def __init__(self, text: str, language: str = "en") -> None:
        self.lines = LineIndex(text)
        self.language = language
        self.sections: list[Section] = [Section(LEAD, 1, self.lines.locate(0))]
        self.drafts: list[_Draft] = []
        self.orphans: list[Citation | Flag] = []
        self.block: _Block | None = None
        self.paragraph = 0
        self.section_claims = 0
        self.default_kind = PROSE  # the kind of a block that starts without being started (QUOTE in quotations)
        self.quotations: list[int] = []  # where each open block quotation's claims begin (nested ones too)
        self.lead_in: _Draft | None = None  # the claim ending in ":" that the list being read follows

    @property
    def section(self) -> str:
        """Title of the section being read."""
        return self.sections[-1].title

    @property
    def length(self) -> int:
        """Length of the current block's text so far (0 with no block)."""
        return self.block.length if self.block is not None else 0

    def heading(self, title: str, level: int, offset: int) -> None:
        """Start a new section."""
        self.end_block()
        self.sections.append(Section(title, level, self.lines.locate(offset)))
        self.section_claims = 0
        self.lead_in = None

    def start_block(self, kind: str, offset: int) -> None:
        """Start a paragraph, list item or caption (ending the current one)."""
        self.end_block()
        self.block = _Block(kind, offset)

    def note_outside_bold(self, text: str) -> None:
        """Text was read outside bold (both readers tell, of every piece of text they add)."""
        block = self.block
        if block is None or block.plain:
            return
        if _NOT_A_COUNT.search(text):
            block.plain = True
        else:
            block.outside_bold += text  # a count's pieces may come in several text nodes: " (", "9)"

    def pseudo_heading(self) -> bool:
        """Whether the paragraph being read is a pseudo-heading: short, uncited, and all in bold ("Other books:")
        or in bold but for a count in brackets (2026 FIFA World Cup's bold "AFC" and its "(9)" over its teams),
        however the text nodes of the count fall ("(9)<!-- -->", "(<!-- -->9)")."""
        block = self.block
        if block is None or block.plain or block.kind != PROSE or block.anchors or block.length >= 150:
            return False
        if block.outside_bold.strip() and _COUNT.fullmatch(block.outside_bold) is None:
            return False
        return len("".join(block.parts).split()) <= 12

    def discard_block(self) -> None:
        """Drop the current block unread (a pseudo-heading); its markers go to the claim before."""
        block, self.block = self.block, None
        if block is not None:
            self._attach_leading([a for _, a in block.anchors])

    def _current(self, offset: int) -> _Block:
        if self.block is None:
            self.block = _Block(self.default_kind, offset)
        return self.block

    def add_text(self, text: str, offset: int, protect: bool = False, link: bool = False) -> None:
        """Append text read at ``offset`` in the input to the current block.

        ``protect`` marks text no sentence boundary may cut (a template's output); ``link`` marks it as
        the text of a link too.
        """
        if not text:
            return
        block = self.block  # _current(offset), without its call: this is called for every piece of text
        if block is None:
            block = self.block = _Block(self.default_kind, offset)
        if block.anchors and block.anchors[-1][0] == block.length and _CLOSING_PUNCTUATION.match(text):
            stripped = text.lstrip()
            offset, text = offset + len(text) - len(stripped), stripped
            _close_up(block)
        block.spans.append((block.length, offset))
        block.parts.append(text)
        if protect or link:
            block.protected.append((block.length, block.length + len(text)))
        if link:
            block.links.append((block.length, block.length + len(text)))
        block.length += len(text)
        if not text.isspace():
            block.run_citation = None

    def add_formula(self, tex: str, offset: int) -> None:
        """Append an inline formula's TeX, which no boundary cuts; a full stop closing it may end its
        sentence ("... = BA. Thus")."""
        body = tex.rstrip(".!?")
        start = self.length
        self.add_text(body, offset, protect=True)
        self.add_text(tex[len(body):], offset + len(body))
        if self.block is not None:
            self.block.formulas.append((start, start + len(body)))

    def protect(self, start: int, link: bool = False) -> None:
        """Mark the block's text from ``start`` to its end as one no sentence boundary may cut.

        ``link``: that text is the text of a link.
        """
        if self.block is not None and self.block.length > start:
            self.block.protected.append((start, self.block.length))
            if link:
                self.block.links.append((start, self.block.length))

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
        if block.nameless and not holds_words(text):  # no claim, and its markers are its own: the claim before
            return  # does not carry those of "{{fb|GER|1949}} (4)<ref/>"
        if block.heading_like or (block.formulas and not block.anchors and _only_formulas(text, block.formulas)):
            self._attach_leading([a for _, a in block.anchors])  # a formula on its own line asserts nothing
            return
        if block.kind == WORK:  # a catalogue entry is one claim, whatever full stops its titles hold
            stripped = text.strip()
            spans = [(text.index(stripped), text.index(stripped) + len(stripped))] if stripped else []
        else:
            spans = split_sentences(text, self.language, block.protected, [p for p, _ in block.anchors])
        spans = [s for s in spans if _LETTER.search(text, s[0], s[1])]
        if not spans or _CREDIT_LINE.match(text):
            self._attach_leading([a for _, a in block.anchors])
            return
        # Markers opening the block belong to the claim before, but those after a name that was not rendered
        # are the name's, and so its item's ("{{fb|XYZ}}<ref/> hosted the final.")
        lead = -1 if block.nameless else spans[0][0]
        self._attach_leading([a for p, a in block.anchors if p <= lead])
        self.paragraph += 1
        first = len(self.drafts)
        changes = not _folds_to_itself(text)  # folding moves text: runs of white space to shorten
        for begin, end in spans:
            claim = _SPACES.sub(" ", text[begin:end]) if changes else text[begin:end]
            self.drafts.append(_Draft(block.kind, self.section, self.paragraph, claim, block.input_offset(begin)))
        begins = [b for b, _ in spans]
        # Where the block folds to itself, a position in a claim is its distance from the claim's start: no
        # _Folded is built and asked (about 10 M instructions on United-Kingdom.wiki).
        folded = [_Folded(text, begin, end) for begin, end in spans] if changes and (block.anchors or block.links) \
            else None
        for pos, item in block.anchors:
            if pos <= lead:
                continue
            index = max(0, bisect.bisect_left(begins, pos) - 1)  # the last sentence starting before pos
            begin, end = spans[index]
            at = max(begin, min(pos, end))
            self.drafts[first + index].attach(item, folded[index].at(at) if folded else at - begin)
        drafts = self.drafts[first:]
        if block.links:
            self._place_links(drafts, folded, spans, block.links)
        self._cover(drafts, text, spans)
        self._follow_lead_in(block.kind, drafts)
        # the claim before a quotation's paragraph introduces it unless it is of the same block quotation (the
        # paragraph before: close_quotation covers that with the quotation's later citation)
        if first and (not self.quotations or first == self.quotations[-1]) \
                and self._quotes(block.kind, text, self.drafts[first - 1]) \
                and any(c.note is False for d in drafts for c in d.citations):
            self._introduce(self.drafts[first - 1])
        self.section_claims += len(spans)

    @staticmethod
    def _place_links(drafts: list[_Draft], folded: list[_Folded] | None, spans: list[tuple[int, int]],
                     links: list[tuple[int, int]]) -> None:
        """Give each claim the spans of its text that are link text, in the claim's own positions (``folded``
        None: the block folds to itself, and a position is its distance from the claim's start)."""
        if folded is None:
            for draft, (begin, end) in zip(drafts, spans):
                draft.links = tuple((max(a, begin) - begin, min(b, end) - begin) for a, b in links
                                    if a < end and b > begin)
            return
        for draft, fold, (begin, end) in zip(drafts, folded, spans):
            inside = [(max(a, begin), min(b, end)) for a, b in links if a < end and b > begin]
            draft.links = tuple((fold.at(a), fold.at(b)) for a, b in inside)

    def open_quotation(self, offset: int) -> None:
        """A block quotation starts: its paragraphs are one quotation (see close_quotation)."""
        self.end_block()
        self.quotations.append(len(self.drafts))
        self.start_block(QUOTE, offset)

    def close_quotation(self) -> None:
        """A block quotation ends: a source closing any of its paragraphs covers its sentences before it, in
        every paragraph of the quotation, and the sentence that introduces it."""
        self.end_block()
        first = self.quotations.pop()
        quoted = self.drafts[first:]
        cited = [i for i, d in enumerate(quoted) if any(c.note is False for c in d.citations)]
        if not cited:
            return
        for draft in quoted[:cited[-1]]:
            draft.rest_on(Cover.QUOTATION)  # those of the cited one's paragraph already rest on it
        if first:
            self._introduce(self.drafts[first - 1])

    def requote_last_paragraph(self) -> bool:
        """The last paragraph read was a block quotation (a copy shows its attribution line after it)."""
        drafts = [d for d in self.drafts if d.paragraph == self.paragraph and d.section == self.section]
        if not drafts:
            return False
        for draft in drafts:
            draft.kind = QUOTE
        return True

    @staticmethod
    def _quotes(kind: str, text: str, before: _Draft) -> bool:
        """Whether a block is a quotation that the claim before it introduces: a block quotation, or an
        indented or bulleted line that opens with a quotation mark after a claim that ends with a colon."""
        return kind == QUOTE or (kind == LIST and before.text.rstrip().endswith(":")
                                 and text.lstrip()[:1] in _QUOTE_OPENERS)

    def _introduce(self, before: _Draft) -> None:
        """The sentence that introduces a cited quotation is covered by the quotation's citation."""
        if before.section == self.section:
            before.rest_on(Cover.QUOTATION_INTRODUCTION)

    def _follow_lead_in(self, kind: str, drafts: list[_Draft]) -> None:
        """A list introduced by a cited claim ending in ":" rests on that citation (WP:LISTVERIFY): its
        uncited items get paragraph coverage, as the sentences before a paragraph's citation do. The list
        runs over its items (nested ones, works entries, pseudo-headings and layout between them) until a
        block of another kind or a heading; an item ending in ":" introduces the items after it in turn.
        The lead-in's citation is looked at when each item ends, so a marker that opens the list's first
        line (given to the lead-in) counts. A cited item records the cover too (what it rests on uncited).
        """
        if kind == CAPTION:  # an image beside a list does not end it
            return
        last = drafts[-1] if drafts[-1].text.rstrip().endswith(":") else None
        lead_in = self.lead_in
        if kind not in (LIST, WORK):
            self.lead_in = last
            return
        if lead_in is not None and lead_in.coverage == FULL:  # heading() clears it: it is of this section
            for draft in drafts:
                draft.rest_on(Cover.LIST_INTRODUCTION)
        if last is not None and (lead_in is None or last.coverage == FULL):
            self.lead_in = last

    def _attach_leading(self, anchors: list[Citation | Flag]) -> None:
        """Give markers that open a paragraph to the claim before, or orphan them."""
        if not anchors:
            return
        if self.section_claims == 0:
            self.orphans.extend(anchors)
            return
        draft = self.drafts[-1]
        for item in anchors:
            draft.attach(item, len(draft.text))
        if any(isinstance(a, Citation) and not a.note for a in anchors):
            draft.cited_until = len(draft.text)
            draft.coverage = FULL
            self._spread(draft)
        if draft.tagged_unsourced:  # a tag given to it now: no later citation covers it
            draft.cover = Cover.NONE
            if draft.coverage == PARAGRAPH:
                draft.coverage = NONE

    def _spread(self, cited: _Draft) -> None:
        """A claim just got a citation: earlier uncited claims of its paragraph rely on it."""
        for draft in reversed(self.drafts[:-1]):
            if draft.paragraph != cited.paragraph:
                break
            draft.rest_on(Cover.PARAGRAPH)
            if draft.cited_until:  # the claims before it rest on its citation already
                break
        if cited.kind == QUOTE:  # a source after a quotation's last paragraph covers all its paragraphs
            at = len(self.drafts) - 1
            while at and self.drafts[at - 1].kind == QUOTE and self.drafts[at - 1].section == cited.section:
                at -= 1
                self.drafts[at].rest_on(Cover.QUOTATION)  # its own paragraph's rest on it already (above)
            if at:
                self._introduce(self.drafts[at - 1])

    @staticmethod
    def _cover(drafts: list[_Draft], text: str, spans: list[tuple[int, int]]) -> None:
        """Set coverage: full, partial, paragraph (a later sentence is cited) or none.

        A claim tagged [citation needed] is not covered by a later sentence's citation: the tag says an
        editor judged that it is not.
        """
        later_cited = False
        for draft, (begin, end) in reversed(list(zip(drafts, spans))):
            if draft.cited_until:
                rest = text[begin:end][draft.cited_until:] if draft.cited_until < len(draft.text) else ""
                draft.coverage = PARTIAL if _LETTER.search(rest) or any(ch.isdigit() for ch in rest) else FULL
                draft.cited_until = len(draft.text) if draft.coverage == FULL else draft.cited_until
            if later_cited:
                draft.rest_on(Cover.PARAGRAPH)
            later_cited = later_cited or bool(draft.cited_until)

    def finish(self) -> tuple[tuple[Section, ...], tuple[Claim, ...], tuple[Citation | Flag, ...]]:
        """Return the sections, the claims and the orphan markers read."""
        self.end_block()
        locate = self.lines.locate
        claims = tuple(  # the fields in Claim's order: a call with keywords costs a fifth more (~4 M on UK)
            Claim(f"c{i}", d.kind, d.section, d.paragraph, d.text, locate(d.offset), tuple(d.citations),
                  tuple(d.flags), d.coverage, d.cited_until, d.links, d.cover)
            for i, d in enumerate(self.drafts, 1)
        )
        return tuple(self.sections), claims, tuple(self.orphans)


def _folds_to_itself(text: str) -> bool:
    """Whether no run of white space in ``text`` is other than one plain space, so that folding each run to one
    space changes nothing (most blocks: 187 of United-Kingdom's 205). Told by two scans in C (``"  " in``,
    ``isprintable``: every white-space character but the space is unprintable) instead of a substitution and a
    search for long runs in each sentence (about 50 M instructions on that article)."""
    return "  " not in text and text.isprintable()


def _only_formulas(text: str, formulas: list[tuple[int, int]]) -> bool:
    """Nothing but formulas and punctuation: no letter or digit stands outside them."""
    outside, at = [], 0
    for start, end in formulas:
        outside.append(text[at:start])
        at = end
    outside.append(text[at:])
    return not any(ch.isalnum() for part in outside for ch in part)
