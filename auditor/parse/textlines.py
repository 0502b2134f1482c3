"""A copy's lines, classified once: the features the copy reader's rules ask of a line.

A ``Line`` is one line of a copied article with its offset in the input. What the rules ask of it (its
words, whether it ends a sentence, is furniture, has a heading's shape, a bullet, a marker, ...) is worked
out the first time a rule asks, and kept. A block is a blank-line separated run of lines, as a copy shows a
paragraph, a list, or a heading glued to its section by a browser's copy (auditor/parse/textblocks.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from auditor.compiled import lazy_compile
from auditor.parse.languages import all_caption_cues, all_furniture

#: A bracket as a copy prints it: a marker "[17]", "[note 3]", "[1]: 214", a flag "[page needed]".
BRACKET = lazy_compile(r"\[([^\[\]\n]{1,80})\](?::\s?(\d[\d\u2013\-,\s]*\d|\d+))?")
#: The markers and flags a line ends with ("were:[1][2]", "are: [citation needed]").
_TRAILING_BRACKETS = lazy_compile(r"(?:\s*\[[^\[\]\n]{1,80}\])+\s*$")
SENTENCE_END = lazy_compile(r"""[.!?:;]["'\u201d\u2019)\]]*$""")
FURNITURE = lazy_compile(
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
BULLET = lazy_compile(r"^[\u2022*\u00b7\-\u2013]\s+")
#: A list's entry, a name then a spaced dash and what it is, not ended as a sentence: a Personnel or Cast
#: line ("Kenny Drew \u2013 piano", enwiki Blue Train (album)). A heading above such lines opens a list.
_ENTRY_LINE = lazy_compile(r"^[^\s.!?:\[\]][^.!?:\[\]]{0,80}\s[\u2013\u2014-]\s[^\s.!?\[\]][^.!?\[\]]{0,80}$")
#: What is left of an image's markup when a copy keeps it: "...in 1910.|210px]]", "thumb|".
_RESIDUE = lazy_compile(r"\|\s*(\d+x?\d*\s*px|thumb|thumbnail|frameless|upright[=\d.]*)\s*(\||\]\])|\]\]\s*$|^\s*(thumb|\d+px)\|")
#: The line under a block quotation that names who said it: "— Douglas Adams, Procol Harum at The Barbican[29]".
_ATTRIBUTION = lazy_compile(r"^\s*[\u2014\u2015]\s*\S")
_INNER_STOP = lazy_compile(r"[.!?]\s+[A-Z]")
#: The opening of a references list's entry in a copy: "^ ...", "1. ^ ...", "[1] ...", a bullet.
_REFERENCE_LIKE = lazy_compile(r"^\s*(\^|\d{1,4}\.\s|\[\d{1,4}\]|[\u2022*\u00b7-]\s)")
WORD = lazy_compile(r"\w+")
#: A list item that opens with the term it explains: "sRGB: Creado conjuntamente por HP y Microsoft." A run of
#: such lines, one a paragraph, is a list (a copy drops the bullets): eswiki Síntesis aditiva de color.
_TERM_LINE = lazy_compile(r"^[^\s:.!?\[\]][^:.!?\[\]]{0,60}:\s+\S")
#: Words that point at the image beside them ("Parliament House (right)", "En la imagen se ilustra ..."): a
#: caption's (auditor/data/languages.json, caption_cues).
_CAPTION_CUE = lazy_compile("|".join(re.escape(cue) for cue in all_caption_cues()), re.I)
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
#: An entry of a copied table of contents: "2.3 Arch Build System (ABS)".
TOC_ENTRY = lazy_compile(r"^(\d{1,2}(?:\.\d{1,2})*)\s+(\S.{0,100})$")
#: A citation marker as a copy prints it in running text: "[67]", "[12]: 214".
_CITED = lazy_compile(r"\[\d{1,4}\]")


class _once:  # noqa: N801 (a decorator, named as property is)
    """A property worked out on first use and then kept in the instance: functools.cached_property without its
    lock (Python 3.11 takes one on every first use; a copy's lines ask some twenty thousand times)."""

    def __init__(self, func: Callable[[Line], Any]) -> None:
        self.func = func
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, line: Line | None, owner: type | None = None) -> Any:
        if line is None:
            return self
        value = line.__dict__[self.name] = self.func(line)
        return value


@dataclass(frozen=True, eq=False)
class Line:
    """One line of a copy (its edit link dropped) and where it starts in the input; its features are worked out
    once, when a rule first asks. ``words`` counts a marker's figures too ("[12]"), ``plain_words`` not."""

    text: str
    offset: int

    @_once
    def stripped(self) -> str:
        return self.text.strip()

    @_once
    def plain(self) -> str:
        """The line without its markers and flags, and without trailing space."""
        return BRACKET.sub("", self.text).rstrip()

    @_once
    def words(self) -> int:
        return len(WORD.findall(self.text))

    @_once
    def plain_words(self) -> int:
        return len(WORD.findall(self.plain))

    @_once
    def ends_sentence(self) -> bool:
        """It ends with sentence punctuation (a colon and a semicolon too), a marker after it or not."""
        return bool(SENTENCE_END.search(self.text))

    @_once
    def plain_ends_sentence(self) -> bool:
        """It ends with sentence punctuation before its markers."""
        return bool(SENTENCE_END.search(self.plain))

    @_once
    def sentences(self) -> int:
        """How many sentences it holds (markers dropped): its inner stops, and its end."""
        return len(_INNER_STOP.findall(self.plain)) + self.plain_ends_sentence

    @_once
    def marked(self) -> bool:
        """It holds a bracket: a marker, a flag, or an editor's insertion."""
        return "[" in self.text

    @_once
    def cites(self) -> bool:
        """It holds a numbered citation marker ("[67]")."""
        return bool(_CITED.search(self.text))

    @_once
    def colon_end(self) -> bool:
        """It ends with a colon, before any markers: it introduces what follows (a list, a quotation), cited
        ("were:[1]") or not."""
        return _TRAILING_BRACKETS.sub("", self.text).rstrip().endswith(":")

    @_once
    def indented(self) -> bool:
        return self.text[:1] in ("\t", " ")

    @_once
    def cell(self) -> bool:
        """It opens with a tab: a table's cell or an infobox's value, as a copy indents them."""
        return self.text[:1] == "\t"

    @_once
    def bulleted(self) -> bool:
        return bool(BULLET.match(self.text.lstrip()))

    @_once
    def furniture(self) -> bool:
        """Page furniture rather than article prose: an indented cell, a navbox line, image residue, a line of
        markup, the "From Wikipedia" line and the other lines a skin prints."""
        indented_cell = self.indented and self.words < 6 and not self.ends_sentence
        line = self.text
        return (indented_cell or self.furniture_line or bool(_RESIDUE.search(line)) or bool(_MARKUP_LINE.match(line))
                or " \u00b7 " in line or " \u2022 " in line or "\t" in self.stripped)

    @_once
    def furniture_line(self) -> bool:
        """It opens as the skin's lines and hatnotes do ("Main article:", "Categories:", "v t e")."""
        return bool(FURNITURE.match(self.stripped))

    @_once
    def heading_shaped(self) -> bool:
        """A short line without sentence punctuation or markers: a copied heading's shape."""
        return 0 < self.words <= 10 and not self.ends_sentence and not self.marked

    @_once
    def reads_as_heading(self) -> bool:
        """A heading's shape, and none of a caption's, an infobox value's or a list entry's: no comma, no
        parentheses, no figure first (but a period: "1980s"), no bullet."""
        stripped = self.stripped
        return (self.heading_shaped and not self.bulleted
                and (not _NOT_A_HEADING.search(stripped) or bool(_YEAR_HEADING.match(stripped))))

    def is_section_heading(self, contents: frozenset[str] = frozenset()) -> bool:
        """A copied section heading: one of the table of contents' when the copy has one, else a line that
        reads as a heading."""
        return self.stripped in contents if contents else self.reads_as_heading

    @_once
    def hatnote(self) -> bool:
        return bool(_HATNOTE.match(self.stripped))

    @_once
    def entry(self) -> bool:
        """A list's 'Name – role' entry (a Personnel or Cast line)."""
        return bool(_ENTRY_LINE.match(self.stripped))

    @_once
    def term(self) -> bool:
        """It opens with the term it explains ("sRGB: Creado conjuntamente por HP y Microsoft.")."""
        return bool(_TERM_LINE.match(self.text))

    @_once
    def attribution(self) -> bool:
        """A quotation's "— Author" line."""
        return bool(_ATTRIBUTION.match(self.text))

    @_once
    def reference_like(self) -> bool:
        """It opens as a references list's entry does ("^ ...", "1. ^ ...", "[1] ...", a bullet)."""
        return bool(_REFERENCE_LIKE.match(self.text))

    @_once
    def toc_entry(self) -> re.Match[str] | None:
        """Its number and title when it reads as an entry of a table of contents ("2.3 Arch Build System")."""
        return TOC_ENTRY.match(self.stripped)

    @_once
    def caption_cue(self) -> bool:
        """It points at the image beside it ("(right)", "en la imagen")."""
        return bool(_CAPTION_CUE.search(self.text))
