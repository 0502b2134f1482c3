"""Plain text copied from a rendered article -> model.

A copy keeps what a reader saw: paragraphs separated by blank lines,
headings as short lines, citation markers such as ``[17]``, ``[a]``,
``[note 3]`` and ``[1]: 214``, and flags as rendered (``[page needed]``).
It also keeps the page's furniture (infobox rows, navboxes, "Categories:"),
which is recognised here and never becomes a claim.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePath

from auditor.lazyre import lazy_compile
from auditor.model import CAPTION, LIST, PROSE, WORK, Citation, Flag, Problem
from auditor.parse.assemble import Collector
from auditor.parse.flagnames import FlagTable
from auditor.parse.labels import label_group
from auditor.parse.languages import all_caption_cues, all_edit_links, all_furniture, rules_for
from auditor.parse.sections import BACK, WORKS, is_ambiguous, is_back_matter, section_role

_BRACKET = lazy_compile(r"\[([^\[\]\n]{1,80})\](?::\s?(\d[\d\u2013\-,\s]*\d|\d+))?")
_MARKER = lazy_compile(r"(\d{1,4}|[a-z]{1,2}|[A-Z]{1,2}|[a-z][a-z ]{0,20} \d{1,4})")
_SENTENCE_END = lazy_compile(r"""[.!?:;]["'\u201d\u2019)\]]*$""")
_FURNITURE = lazy_compile(
    r"^(" + "|".join(re.escape(line) for line in all_furniture()) + "|"  # "From Wikipedia" in every language
    r"Jump to (navigation|search)|Categories?:|Hidden categories:"
    r"|Retrieved from|Main articles?:|See also:|Further information:|For other |This article is about"
    r"|Not to be confused with|\S.{0,80} redirects here\.|Coordinates:|Authority control|Wikimedia Commons has|Wikiquote has"
    r"|This page was last edited|v\s*t\s*e$|Part of a series)"
)
#: A line of markup, as an article about markup shows its examples: "<p>Hello world!</p>", "</head>".
_MARKUP_LINE = lazy_compile(r"^\s*<[/!]?[A-Za-z!-][^<>]*>(.*>)?\s*$")
#: A hatnote that opens a section: the short line right above it is the section's heading.
_HATNOTE = lazy_compile(r"(Main articles?|See also|Further information):")
_BULLET = lazy_compile(r"^[\u2022*\u00b7\-\u2013]\s+")
#: A list's entry, a name then a spaced dash and what it is, not ended as a sentence: a Personnel or Cast
#: line ("Kenny Drew \u2013 piano", enwiki Blue Train (album)). A heading above such lines opens a list.
_ENTRY_LINE = lazy_compile(r"^[^\s.!?:\[\]][^.!?:\[\]]{0,80}\s[\u2013\u2014-]\s[^\s.!?\[\]][^.!?\[\]]{0,80}$")
#: What is left of an image's markup when a copy keeps it: "...in 1910.|210px]]", "thumb|".
_RESIDUE = lazy_compile(r"\|\s*(\d+x?\d*\s*px|thumb|thumbnail|frameless|upright[=\d.]*)\s*(\||\]\])|\]\]\s*$|^\s*(thumb|\d+px)\|")
#: A caption's tail glued into a line of prose: "...a kingdom. was constructed in 1166.]] In the 20th century".
_GLUED_RESIDUE = lazy_compile(r"^[^\[\].!?]{0,200}[.!?]?\]\]|(?<=[.!?])\s[^\[\].!?]{1,200}[.!?]?\]\]")
#: The line under a block quotation that names who said it: "— Douglas Adams, Procol Harum at The Barbican[29]".
_ATTRIBUTION = lazy_compile(r"^\s*[\u2014\u2015]\s*\S")
#: An underscore that opens or closes italics in a copy made by a text dump ("(_e.g.,_ Baudot)").
_EMPHASIS = lazy_compile(r"(?<![\w_])_(?=[^\s_])|(?<=[^\s_])_(?![\w_])")
_INNER_STOP = lazy_compile(r"[.!?]\s+[A-Z]")
#: The opening of a references list's entry in a copy: "^ ...", "1. ^ ...", "[1] ...", a bullet.
_REFERENCE_LIKE = lazy_compile(r"^\s*(\^|\d{1,4}\.\s|\[\d{1,4}\]|[\u2022*\u00b7-]\s)")
#: An entry of a notes list written with its number: "[2] Author, Title, p. 189".
_NUMBERED_NOTE = lazy_compile(r"^\s*\[(\d{1,4})\](?:\s+\S|\s*$)")
_WORD = lazy_compile(r"\w+")
#: A list item that opens with the term it explains: "sRGB: Creado conjuntamente por HP y Microsoft." A run of
#: such lines, one a paragraph, is a list (a copy drops the bullets): eswiki Síntesis aditiva de color.
_TERM_LINE = lazy_compile(r"^[^\s:.!?\[\]][^:.!?\[\]]{0,60}:\s+\S")
#: Words that point at the image beside them ("Parliament House (right)", "En la imagen se ilustra ..."): a
#: caption's (auditor/data/languages.json, caption_cues).
_CAPTION_CUE = lazy_compile("|".join(re.escape(cue) for cue in all_caption_cues()), re.I)
#: An item of a list that a line ending in a colon introduces may hold a few sentences ("Einfach halten, dem
#: KISS-Prinzip folgen. Einfachheit wird ... definiert.", dewiki Arch Linux); a paragraph is longer.
_LONGEST_ITEM = 20
#: Two-letter words an editor may insert in brackets ("possibly [my] only convert"): never labels.
_BRACKETED_WORDS = frozenset("my it he we me us an in on of to is as at by or so no do be go up if am".split())


def _is_furniture(line: str) -> bool:
    """Tell whether a line is page furniture rather than article prose."""
    indented_cell = line[:1] in ("\t", " ") and len(_WORD.findall(line)) < 6 and not _SENTENCE_END.search(line)
    return (
        indented_cell or bool(_FURNITURE.match(line.strip())) or bool(_RESIDUE.search(line)) or bool(_MARKUP_LINE.match(line))
        or " \u00b7 " in line or " \u2022 " in line or "\t" in line.strip()
    )


def _is_heading(line: str) -> bool:
    """A short line without sentence punctuation or markers: a copied heading."""
    words = len(_WORD.findall(line))
    return 0 < words <= 10 and not _SENTENCE_END.search(line) and "[" not in line


#: Short lines with these are captions, infobox values or list entries, not headings: headings rarely
#: hold a comma or parentheses, start with a digit, end with a year ("Adams in March 2000") or a web address's
#: domain (a link left in the text: "Siwriter.co.uk", enwiki Chorded keyboard). A heading may
#: end with the acronym it introduces in parentheses ("Arch Build System (ABS)", dewiki Arch Linux).
_NOT_A_HEADING = lazy_compile(r",|\((?![A-Z]{2,6}\)$)|^\d|\d{4}$|\w\.[a-z]{2,3}$")

#: A heading that names a period: "1980s", "2010–present", "1800–1945", "19th century", "1990s – new building",
#: "1945–1989: Cold War" (a year, decade or century, a range, then a named part after a colon or a dash). A
#: year followed by words at once ("1910 view of the harbour") stays a caption's.
_YEAR_HEADING = lazy_compile(r"^(?:\d{3,4}s?|\d{1,2}(?:st|nd|rd|th) century)"
                             r"(?:\s*[\u2013\u2014-]\s*(?:\d{2,4}s?|\d{1,2}(?:st|nd|rd|th) century|present|today))?"
                             r"(?:(?::|\s[\u2013\u2014-])\s+[^\s,()][^,()]*)?$", re.I)


def _is_section_heading(line: str, contents: frozenset[str] = frozenset()) -> bool:
    """A copied section heading: a short unpunctuated line that reads like a heading (one of the table of
    contents' when the copy has one)."""
    if contents:
        return line.strip() in contents
    stripped = line.strip()
    return (_is_heading(line) and not _BULLET.match(stripped)
            and (not _NOT_A_HEADING.search(stripped) or bool(_YEAR_HEADING.match(stripped))))


#: An entry of a copied table of contents: "2.3 Arch Build System (ABS)".
_TOC_ENTRY = lazy_compile(r"^(\d{1,2}(?:\.\d{1,2})*)\s+(\S.{0,100})$")


def _contents(paragraphs: list[list[tuple[str, int]]]) -> frozenset[str]:
    """The headings a copy's table of contents lists ("1 History", "1.1 Early life", ...), or none.

    A copy of a page whose skin prints the contents in the article holds every heading there, numbered; with
    them, a short line that is not one of them (a caption: "Pacman-Versionsübersicht" under "Pacman") is no
    heading, and one that is (a heading with parentheses or a comma) is one.
    """
    titles: list[str] = []
    for lines in paragraphs:
        for line, _ in lines:
            match = _TOC_ENTRY.match(line.strip())
            if match and (titles or match.group(1) == "1"):
                titles.append(match.group(2).strip())
            elif titles:
                return frozenset(titles) if len(titles) >= 3 else frozenset()
    return frozenset(titles) if len(titles) >= 3 else frozenset()


def _is_contents(lines: list[tuple[str, int]]) -> bool:
    """A block of a copied table of contents: three or more numbered headings, most of its lines."""
    numbered = [line for line, _ in lines if _TOC_ENTRY.match(line.strip()) and not _SENTENCE_END.search(line)]
    return len(numbered) >= 3 and 2 * len(numbered) >= len(lines)


def _is_table_row(lines: list[tuple[str, int]]) -> bool:
    """A block of short indented lines, a cell each: a table's row as a copy shows it ("\tNo." "\tTitle"
    "\tLength"), even where a cell ends with a full stop."""
    return len(lines) > 1 and all(line[:1] == "\t" and len(_WORD.findall(line)) < 6 for line, _ in lines)


def _is_table_caption(line: str, below: list[tuple[str, int]]) -> bool:
    """The line right above a table's first row of tab-separated cells: the table's caption, part of the table."""
    return bool(below) and "\t" in below[0][0].strip() and "\t" not in line and len(_WORD.findall(line)) < 25


def _opens_the_prose(lines: list[tuple[str, int]]) -> bool:
    """The first paragraph of the lead: a sentence of five words or more (before it: the infobox, whose cells a
    copy indents with a tab, however long and cited: "\tRolling Release (monatlicher Schnappschuss[2])")."""
    return any(len(_WORD.findall(_BRACKET.sub("", line))) >= 5 and (_SENTENCE_END.search(line) or "[" in line)
               for line, _ in lines if not _is_furniture(line) and not line.startswith("\t"))


def _without_edit_link(line: str) -> str:
    """A heading as a browser copies it, glued to its edit link ("Storia[modifica | modifica wikitesto]",
    "Early life[edit]"): the link is dropped, the line's start (and so its offset) kept."""
    stripped = line.rstrip()
    if stripped.endswith("]"):
        for link in all_edit_links():
            if stripped.endswith(link):
                return stripped[:-len(link)].rstrip()
    return line


def _paragraphs(text: str) -> list[list[tuple[str, int]]]:
    """Group the input's lines, with their offsets, into blank-line separated paragraphs."""
    paragraphs: list[list[tuple[str, int]]] = [[]]
    offset = 0
    for raw in text.splitlines(keepends=True):
        line = _without_edit_link(raw.rstrip("\r\n"))
        if line.strip():
            paragraphs[-1].append((line, offset))
        elif paragraphs[-1]:
            paragraphs.append([])
        offset += len(raw)
    return [p for p in paragraphs if p]


def _opens_a_section(line: str, after: str, lang: str, in_list: bool) -> bool:
    """A heading inside a block of lines: a browser's copy ends a heading with one line break, not a blank line.

    It is one when what follows it in the block opens a section (a hatnote, a paragraph, a notes list), or when
    it names back matter ("See also" over its portal boxes and links). In a list's block (after a line ending
    in a colon) a short item may stand over longer ones: there only a hatnote or a back-matter name tells.
    """
    return not _is_furniture(line) and _is_section_heading(line) and (
        bool(_FURNITURE.match(after.strip())) or is_back_matter(line, lang)
        or not in_list and (_is_prose([(after, 0)]) or bool(_REFERENCE_LIKE.match(after))
                            or bool(_ENTRY_LINE.match(after.strip()))))


def _split_headings(lines: list[tuple[str, int]], lang: str, in_list: bool) -> list[list[tuple[str, int]]]:
    """A block cut before and after each heading it holds ("History", "Main article: ...", "The Māori ...")."""
    blocks: list[list[tuple[str, int]]] = [[]]
    for i, (line, offset) in enumerate(lines):
        if i + 1 < len(lines) and _opens_a_section(line, lines[i + 1][0], lang, in_list):
            blocks.extend([[(line, offset)], []])
            in_list = bool(_ENTRY_LINE.match(lines[i + 1][0].strip()))  # a new section: a list, or the list was over
        else:
            blocks[-1].append((line, offset))
    return [block for block in blocks if block]


class _TextReader:
    """Reads one copied article into a Collector."""

    def __init__(self, text: str, flags: FlagTable, lang: str = "en", contents: frozenset[str] = frozenset()) -> None:
        self.flags = flags
        self.contents = contents  # the headings of the copy's table of contents, if it has one
        self.lang = lang
        self.collector = Collector(text, lang)
        self.problems: list[Problem] = []
        self.notes = notes_list_lines(text)
        self.works = False  # in a section that lists works: its lines are catalogue entries
        self.listing = False  # after a line ending with a colon, or in works: short lines are list items
        self.table = False  # the section holds a table, whose cells a copy shows as lines
        self.term_run = False  # the paragraph before was a one-line "Term: text" item
        self.opened = False  # a paragraph of the lead has been read: what comes first is prose, no caption

    def read_line(self, line: str, offset: int, kind: str) -> None:
        """Read one line of prose: text, markers and flags (caption residue blanked, offsets kept)."""
        if "]]" in line:
            line = _GLUED_RESIDUE.sub(lambda m: " " * len(m.group()), line)
        lead = len(line) - len(line.lstrip())
        if kind == LIST:
            lead += len(_BULLET.match(line.lstrip()).group()) if _BULLET.match(line.lstrip()) else 0
        self.collector.start_block(kind, offset + lead)
        position = lead
        for match in _BRACKET.finditer(line, lead):
            self._add_text(line, position, match.start(), offset)
            if not self._read_bracket(match, offset):
                self.collector.add_text(match.group(), offset + match.start())
            position = match.end()
        self._add_text(line, position, len(line), offset)
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

    def read_attribution(self, line: str, offset: int) -> None:
        """A quotation's attribution line: its markers close the quotation, whose sentences become quotes."""
        self.collector.end_block()
        if self.collector.requote_last_paragraph():
            for match in _BRACKET.finditer(line):
                self._read_bracket(match, offset)
            self.collector.end_block()

    def read_paragraph(self, lines: list[tuple[str, int]], following: list[tuple[str, int]] | None,
                       then: list[tuple[str, int]] | None = None) -> bool:
        """Read one paragraph; return False when the back matter starts.

        ``following`` is the next paragraph that is not an aside (``then`` the one after it): a heading is one
        only when prose follows it (or a heading over prose), and a heading named like back matter
        ("Literature") is content when prose does.
        """
        if _is_contents(lines):
            return True
        content = [(line, off) for i, (line, off) in enumerate(lines)
                   if not _is_furniture(line) and not _is_table_caption(line, lines[i + 1:i + 2])]
        if any(line[:1] == "\t" for line, _ in lines):
            self.table = True  # a table's cells: short lines among them are cells too, not list items
        if _is_table_row(lines):
            return True
        if not content:
            return True
        single = content[0][0] if len(content) == 1 else None
        term_run, self.term_run = self.term_run, single is not None and bool(_TERM_LINE.match(single))
        if single is not None and _is_heading(single) and len(lines) == 1:  # beside a hatnote: a caption
            return self.read_heading(single, content[0][1], following, then)
        quoted = following is not None and bool(_ATTRIBUTION.match(following[0][0]))  # a quotation, not an item
        if single is not None and not self.table and not quoted and not single.rstrip().endswith(":") and (
                self.listing and self._entry_like(single)
                or self.term_run and len(lines) == 1 and (term_run or self.listing or _term_line(following))):
            self.read_line(single, content[0][1], WORK if self.works else LIST)
            self.listing = self.listing or self.term_run
            return True
        # After a line ending in a colon, a block of lines is its list, one item a line, short or long (a
        # browser's copy keeps the items' line breaks and drops their bullets).
        items = self.listing and not self.table and len(content) > 1
        resumed = items and _resumes_the_prose(content)  # its last line: the paragraph after the list
        self.listing = self.works
        for line, off in content:
            words = len(_WORD.findall(line))
            if off in self.notes:
                continue
            if resumed and off == content[-1][1]:
                self.read_line(line, off, PROSE)
            elif _ATTRIBUTION.match(line) and words < 25:
                self.read_attribution(line, off)
            elif items or _BULLET.match(line.lstrip()) or line[:1] in ("\t", " "):
                self.read_line(line, off, WORK if self.works else LIST)
            elif (len(lines) > 1 or _CAPTION_CUE.search(line)) and words < 30 and "[" not in line and words >= 3:
                self.read_line(line, off, CAPTION)  # beside a hatnote, or a paragraph pointing at its image
            elif (self.opened and len(lines) == 1 and words < 60 and "[" not in line
                  and _opens_with_fragment(line, self.lang)):
                self.read_line(line, off, CAPTION)  # a caption whose first words name what its image shows
            elif words >= 8 or _SENTENCE_END.search(line) or "[" in line:
                self.read_line(line, off, PROSE)
        # A line that ends with a colon introduces a list, which a copy shows as short lines.
        self.listing = self.works or content[-1][0].rstrip().endswith(":")
        self.opened = True
        return True

    def _heads(self, following: list[tuple[str, int]], then: list[tuple[str, int]] | None) -> bool:
        """Whether ``following`` is a lone heading over prose (or over a list's entries)."""
        line = following[0][0]
        return (len(following) == 1 and then is not None and not self.listing and not _is_furniture(line)
                and _is_section_heading(line, self.contents) and not is_back_matter(line, self.lang)
                and (_is_prose(then) or bool(_ENTRY_LINE.match(then[0][0].strip()))))

    def reopen(self, line: str, offset: int) -> None:
        """A heading after the back matter that opens content again (see _reopening_headings)."""
        self.collector.heading(line.strip(), 2, offset)
        self.table = self.term_run = False
        self.works = section_role(line, "", self.lang) == WORKS
        self.listing = self.works

    def _entry_like(self, line: str) -> bool:
        """A line that reads as an entry of a list, not running prose: short, or not ended as sentences are."""
        plain = _BRACKET.sub("", line).rstrip()
        words = len(_WORD.findall(plain))
        if self.works or not _SENTENCE_END.search(plain):
            return words < 40
        return words < _LONGEST_ITEM

    def read_heading(self, line: str, offset: int, following: list[tuple[str, int]] | None,
                     then: list[tuple[str, int]] | None = None) -> bool:
        """A short unpunctuated line: a section heading, an entry of a list, or furniture.

        A heading directly over another heading (a section whose first subsection starts at once:
        "Growth and development" / "In Europe" / prose) is a heading too.
        """
        prose = following is not None and (_is_prose(following) or self._heads(following, then))
        lang = self.lang
        if is_back_matter(line, lang) and not (prose and is_ambiguous(line, lang)
                                               and not _REFERENCE_LIKE.match(following[0][0])
                                               and section_role(line, _body_of(following), lang) != BACK):
            return False
        if self.listing and not self.table and _ENTRY_LINE.match(line.strip()):
            self.read_line(line, offset, WORK if self.works else LIST)
            return True
        under_hatnote = following is not None and bool(_HATNOTE.match(following[0][0].strip()))
        entries = following is not None and bool(_ENTRY_LINE.match(following[0][0].strip()))
        bulleted = following is not None and all(_BULLET.match(text.lstrip()) for text, _ in following)
        if (prose or under_hatnote or entries or bulleted) and _is_section_heading(line, self.contents):
            self.collector.heading(line.strip(), 2, offset)
            self.table = False
            self.works = section_role(line, "", lang) == WORKS
            self.listing = self.works or entries
        elif self.listing and not self.table:
            self.read_line(line, offset, WORK if self.works else LIST)
        return True


#: The end of a line's first sentence: a full stop before a capital ("Engraving, 1863.") or the line's end.
_FIRST_STOP = lazy_compile(r"""[.!?]["'\u201d\u2019)]*(?=\s+["'\u201c\u2018(]?[A-Z]|\s*$)""")
#: A short word or an initial before a full stop: an abbreviation's ("v.", "Dr.", "J."), no sentence's end.
_SHORT_WORD_END = lazy_compile(r"(?<![\w'])[A-Za-z]{1,2}$")
#: A relative word that opens a clause inside a caption's fragment ("Towel Day 2005 in Innsbruck, where Adams
#: first had the idea"): the fragment's own words stop there.
_CLAUSE_OPENER = lazy_compile(r"\s(?:where|which|who|whom|whose|when|while|as|that)\b")


def _opens_with_fragment(line: str, lang: str) -> bool:
    """A line whose first sentence is a fragment: an image's caption, which names what the image shows ("A
    meeting of European and Māori inhabitants of Hawke's Bay Province. Engraving, 1863.", "Towel Day 2005 in
    Innsbruck, Austria, where Adams first had the idea of The Hitchhiker's Guide. In the novels ..."). A caption
    that holds a sentence ends its fragment with a full stop too (MOS:CAPTION); running prose opens with no
    fragment. The fragment opens with a name (an article, names and figures, one common word) right before a
    comma or a word such as "of" or "in", and has no verb before a relative word; only where the language's
    table says how (``caption_fragment``, English). A word that may be a verb counts as one: a doubt is prose."""
    fragment = rules_for(lang).caption_fragment
    if fragment is None or line.rstrip().endswith(":"):  # a line ending in a colon introduces what follows
        return False
    # The first full stop after a word of three letters or more, a figure or a quotation's end: "v." in
    # "Delgamuukw v. British Columbia" or an initial ends no sentence here.
    stop = next((m for m in _FIRST_STOP.finditer(line) if not _SHORT_WORD_END.search(line, 0, m.start())), None)
    first = line[:stop.start()] if stop else line.rstrip()  # a caption of one fragment may end unstopped
    opener = _CLAUSE_OPENER.search(first)
    return (3 <= len(_WORD.findall(first)) <= 20 and _opens_with_a_name(first, fragment.after_name)
            and not fragment.finite_verb.search(first[:opener.start()] if opener else first))


def _opens_with_a_name(first: str, after_name: frozenset[str]) -> bool:
    """Whether a sentence opens with a name and then a comma or one of ``after_name``: "Map of", "A Rātana church
    on", "Elizabeth II, Queen of New Zealand"; not "Many species live in" (two common words)."""
    words = first.split()
    if words[:1] in (["A"], ["An"], ["The"]):
        words = words[1:]
    common = 0
    for i, word in enumerate(words[:6]):
        if i and word.lower() in after_name:
            return True
        common += word[:1].islower()
        if common > 1:
            return False
        if word.endswith(","):
            return i > 0 or not word[:1].islower()
    return False


def _sentences(line: str) -> int:
    """How many sentences a line holds (markers dropped): its inner stops, and its end."""
    plain = _BRACKET.sub("", line).rstrip()
    return len(_INNER_STOP.findall(plain)) + bool(_SENTENCE_END.search(plain))


def _resumes_the_prose(lines: list[tuple[str, int]]) -> bool:
    """The last line of a list's block is the paragraph after the list, which a browser's copy ends the list
    with (one line break, no blank line), when its shape departs from the items': a sentence under items that
    end none ("Heading Level 4" / "Note that CSS can drastically change the rendering."), or more sentences
    than any item and twice the longest item's words (enwiki HTML: "Those are the main changes ...")."""
    *items, last = [_BRACKET.sub("", line).rstrip() for line, _ in lines]
    words, sentences = len(_WORD.findall(last)), _sentences(last)
    if not _SENTENCE_END.search(last) or last.endswith(":") or len(items) < 2:
        return False
    if not any(_SENTENCE_END.search(item) for item in items):
        return words >= 5 and words > max(len(_WORD.findall(item)) for item in items)
    return (sentences > max(_sentences(item) for item in items)
            and words >= 2 * max(len(_WORD.findall(item)) for item in items))


#: A citation marker as a copy prints it in running text: "[67]", "[12]: 214".
_CITED = lazy_compile(r"\[\d{1,4}\]")


def _reopening_headings(paragraphs: list[list[tuple[str, int]]], lang: str, contents: frozenset[str],
                        notes: frozenset[int]) -> frozenset[int]:
    """The indexes of the blocks that, in the back matter, open content again: a lone heading line not named
    like back matter (one of the table of contents' when the copy has one), whose section, up to the next
    back-matter heading, cites a source in its text. A "Resources" section after "See also" whose items are
    prose with their markers is content (enwiki Oral history); sub-headings of a bibliography ("Primary
    sources") are not, as the entries of a references list or a link list carry no markers. One walk from the
    end: whether a citation comes before the next back-matter heading is known for every block at once."""
    found: set[int] = set()
    cited_later = False  # a block after this one cites, before any back-matter heading
    for i in range(len(paragraphs) - 1, -1, -1):
        lines = paragraphs[i]
        line = lines[0][0]
        if (cited_later and len(lines) == 1 and not _is_furniture(line) and _is_section_heading(line, contents)
                and not is_back_matter(line, lang)):
            found.add(i)
        if len(lines) == 1 and is_back_matter(line, lang):
            cited_later = False
        elif any(_CITED.search(text) and off not in notes and not text.lstrip().startswith("^") for text, off in lines):
            cited_later = True
    return frozenset(found)


def _term_line(paragraph: list[tuple[str, int]] | None) -> bool:
    """A paragraph of one line that opens with the term it explains ("HSV o HSB: Basado en ...")."""
    return paragraph is not None and len(paragraph) == 1 and bool(_TERM_LINE.match(paragraph[0][0]))


def _body_of(paragraph: list[tuple[str, int]]) -> str:
    """A copied paragraph as a section body for section_role (markers dropped)."""
    return "\n".join(_BRACKET.sub("", line) for line, _ in paragraph)


def _is_aside(lines: list[tuple[str, int]], contents: frozenset[str] = frozenset()) -> bool:
    """Furniture, or a lone short line that is no heading (a caption between a heading and its text)."""
    content = [line for line, _ in lines if not _is_furniture(line)]
    return not content or (len(content) == 1 and _is_heading(content[0])
                           and not _is_section_heading(content[0], contents))


def _is_prose(lines: list[tuple[str, int]]) -> bool:
    """A paragraph of prose: a long line, or one ending a sentence (before its markers), after any hatnote."""
    first = next((line for line, _ in lines if not _FURNITURE.match(line.strip())), lines[0][0])
    line = _BRACKET.sub("", first).rstrip()
    return not _is_furniture(first) and (len(_WORD.findall(line)) > 10 or bool(_SENTENCE_END.search(line)))


@lru_cache(maxsize=1)  # the reader and the references list both ask, of the same text
def notes_list_lines(text: str) -> frozenset[int]:
    """Offsets of the lines of a notes list written "[1] ...", "[2] ...", at the end of a copy.

    The list is the last run numbered 1, 2, 3, ... (three entries or more); lines that a copy opened with a
    marker ("[17] Eventually...", a lone "[4]") are numbered as the text cites, not one after another.
    """
    found: list[tuple[int, int]] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        match = _NUMBERED_NOTE.match(raw)
        if match:
            found.append((offset, int(match.group(1))))
        offset += len(raw)
    for start in range(len(found) - 1, -1, -1):
        if found[start][1] != 1:
            continue
        run = [o for i, (o, n) in enumerate(found[start:]) if n == i + 1]
        if len(run) >= 3 and len(run) == len(found) - start:
            return frozenset(run)
    return frozenset()


def guess_title(text: str, name: str) -> str:
    """The article title: a copy's first line when it looks like one, else the file name."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if first and not _is_furniture(first) and _is_heading(first):
        return first.strip()
    stem = PurePath(name).stem if name not in ("-", "<stdin>") else "stdin"
    return re.sub(r"[-_]+", " ", stem).strip() or "untitled"


def parse_text(text: str, title: str, flags: FlagTable, lang: str = "en"):
    """Read a copied article in a wiki's language; return (sections, claims, orphans, problems)."""
    paragraphs = _paragraphs(text)
    contents = _contents(paragraphs)
    reader = _TextReader(text, flags, lang, contents)
    if paragraphs and len(paragraphs[0]) == 1 and paragraphs[0][0][0].strip() == title:
        paragraphs = paragraphs[1:]
    # Before the lead's first sentence a copy holds hatnotes and the infobox: no claims there.
    start = next((i for i, lines in enumerate(paragraphs) if _opens_the_prose(lines)), 0)
    blocks: list[list[tuple[str, int]]] = []
    for lines in paragraphs[start:]:
        blocks.extend(_split_headings(lines, lang, bool(blocks) and blocks[-1][-1][0].rstrip().endswith(":")))
    paragraphs = blocks
    back = False  # in back matter: nothing is read until a heading opens content again
    reopening: frozenset[int] | None = None
    for i, lines in enumerate(paragraphs):
        if back:
            if reopening is None:
                reopening = _reopening_headings(paragraphs, lang, contents, reader.notes)
            if i in reopening:
                back = False
                reader.reopen(lines[0][0], lines[0][1])
            continue
        ahead = (p for p in paragraphs[i + 1:] if not _is_aside(p, contents))
        back = not reader.read_paragraph(lines, next(ahead, None), next(ahead, None))
    sections, claims, orphans = reader.collector.finish()
    return sections, claims, orphans, tuple(reader.problems)

