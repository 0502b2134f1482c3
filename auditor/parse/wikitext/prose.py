"""The prose pass: paragraphs, list items and image captions, with their citations and flags.

Templates (infoboxes, navboxes), tables and back matter hold no claims and are skipped; footnotes were
labelled by the first pass (footnotes.py) and are anchored here where they stand.
"""

from __future__ import annotations

import re
from dataclasses import replace

from mwparserfromhell.nodes import (
    Comment, ExternalLink, Heading, HTMLEntity, Tag, Template, Text, Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from auditor.model import CAPTION, LIST, PROSE, Flag
from auditor.parse.assemble import Collector
from auditor.parse.flagnames import FlagTable, fold_template_name
from auditor.parse.labels import Labeller
from auditor.parse.sections import is_back_matter
from auditor.parse.wikitext.nodes import param, shown, strip_quotes, unquoted_pieces

_MEDIA = re.compile(r"^\s*:?\s*(file|image|media|datei|bild|fichier|imagen|ficheiro|lêer)\s*:", re.I)
_SKIP_LINK = re.compile(r"^\s*(category|kategorie|kategorie|[a-z]{2,3}(-[a-z]{2,8})?)\s*:", re.I)
_IMAGE_OPTION = re.compile(
    r"^\s*(thumb|thumbnail|frame|framed|frameless|border|right|left|center|centre|none|upright(=.*)?|"
    r"\d*x?\d+\s*px|(alt|link|page|class|lang|upright|thumb|thumbnail|loop|start|end)=.*|baseline|middle|"
    r"sub|super|top|text-top|bottom|text-bottom)\s*$", re.I,
)
_SKIP_TAGS = frozenset("""references math chem ce score syntaxhighlight source pre timeline graph mapframe
    maplink templatedata templatestyles includeonly gallery imagemap hiero inputbox categorytree
    table style script""".split())
#: Inline templates whose output is text of the sentence: name -> parameter shown.
_TEXT_TEMPLATES = {
    "lang": "2", "nowrap": "1", "nobr": "1", "small": "1", "smaller": "1", "big": "1", "larger": "1",
    "em": "1", "strong": "1", "i": "1", "b": "1", "nobold": "1", "noitalic": "1", "sic": "1",
    "transl": "2", "transliteration": "2", "script": "2", "abbr": "1", "text": "1", "mvar": "1",
    "var": "1", "math": "1", "linktext": "1", "ill": "1", "interlanguage link": "1", "sortname": "1",
    "lang-fr": "1", "lang-de": "1", "lang-la": "1", "lang-it": "1", "lang-es": "1", "nihongo": "1",
}
_FIXED_TEMPLATES = {"nbsp": " ", "ndash": "\u2013", "mdash": "\u2014", "snd": " \u2013 ", "spaced ndash": " \u2013 ",
                    "'": "'", "\"": "\"", "`": "'", "dash": "\u2013", "=": "=", "!": "|", "-": ""}
_CIRCA = {"circa": "c. ", "c.": "c. ", "ca.": "c. ", "c": "c. "}
_PIN = ("1", "p", "pp", "page", "pages", "at", "loc")


class ProseReader:
    """The second pass: reads prose nodes into a Collector."""

    def __init__(self, text: str, flags: FlagTable, labels: Labeller) -> None:
        self.flags = flags
        self.labels = labels
        self.collector = Collector(text)
        self.skip_level = 0  # inside back matter below this heading level (0: not skipping)
        self.at_line_start = True
        self.blank = True  # the current line has no content yet

    def newline(self) -> None:
        """A line ends: list items and captions end; a blank line ends a paragraph."""
        block = self.collector.block
        if self.blank or (block is not None and block.kind != PROSE):
            self.collector.end_block()
        self.at_line_start = True
        self.blank = True

    def text(self, value: str, offset: int) -> None:
        """Read a Text node, which may span lines; bold and italic quotes are dropped."""
        position = offset
        for i, line in enumerate(value.split("\n")):
            if i:
                self.newline()
                if self.collector.block is not None and not self.skip_level:
                    self.collector.add_text(" ", position - 1)
            start, position = position, position + len(line) + 1
            pieces = unquoted_pieces(line) if line and not self.skip_level else []
            if not any(piece.group().strip() for piece in pieces):
                if self.collector.block is None:
                    continue
            else:
                self.blank = False
                self.at_line_start = False
            for piece in pieces:
                self.collector.add_text(piece.group(), start + piece.start())

    def nodes(self, code: Wikicode, offset: int) -> None:
        """Read a sequence of nodes starting at ``offset`` in the input."""
        for node in code.nodes:
            size = len(node.value) if isinstance(node, Text) else len(str(node))
            self.node(node, offset)
            offset += size

    def node(self, node: object, offset: int) -> None:
        """Dispatch one node by type."""
        if isinstance(node, Text):
            self.text(node.value, offset)
        elif isinstance(node, Heading):
            self.heading(node, offset)
        elif self.skip_level:
            return
        elif isinstance(node, Tag):
            self.tag(node, offset)
        elif isinstance(node, Template):
            self.template(node, offset)
        elif isinstance(node, Wikilink):
            self.wikilink(node, offset)
        elif isinstance(node, ExternalLink):
            if node.brackets and node.title is not None:
                self.nodes(node.title, offset + 2 + len(str(node.url)))
            elif not node.brackets:
                self.collector.add_text(str(node.url), offset)
                self.blank = False
        elif isinstance(node, HTMLEntity):
            self.collector.add_text(node.normalize(), offset)
        elif isinstance(node, Comment):
            return

    def heading(self, node: Heading, offset: int) -> None:
        """A heading starts a section; back matter is skipped until a shallower heading."""
        title = strip_quotes(node.title.strip_code()).strip()
        if self.skip_level and node.level > self.skip_level:
            return
        self.skip_level = node.level if is_back_matter(title) else 0
        self.collector.heading(title, node.level, offset)

    def tag(self, node: Tag, offset: int) -> None:
        """HTML and wiki-markup tags: refs, list markers, tables, containers."""
        name = str(node.tag).strip().lower()
        if name == "ref":
            self.citation(node, offset)
        elif node.wiki_markup in ("*", "#", ":", ";"):
            block = self.collector.block
            if not (block is not None and block.kind == LIST and block.length == 0):
                self.collector.start_block(LIST, offset)
            self.at_line_start = False
        elif name in _SKIP_TAGS or node.wiki_markup:
            if name in ("table", "hr") or node.wiki_markup:
                self.collector.end_block()
        elif name == "br":
            self.collector.add_text(" ", offset)
        elif name == "blockquote":
            self.collector.start_block(PROSE, offset)
            if node.contents is not None:
                self.nodes(node.contents, offset + len(str(node)) - len(str(node.contents)) - len(name) - 3)
            self.collector.end_block()
        elif node.contents is not None and not node.self_closing:
            inner = len(str(node.contents))
            close = len(str(node.closing_tag)) + 3 if node.closing_tag is not None else 0
            self.nodes(node.contents, offset + len(str(node)) - inner - close)

    def citation(self, node: object, offset: int) -> None:
        """Anchor the citations a ref, sfn, efn or r node stands for, where the node stands."""
        location = self.collector.lines.locate(offset)
        for citation in self.labels.citations_of(node):
            self.collector.add_anchor(replace(citation, location=location))
            self.blank = False

    def template(self, node: Template, offset: int) -> None:
        """Flags, footnote templates, page pins, inline text templates; others are dropped."""
        name = fold_template_name(str(node.name))
        if self.labels.citations_of(node):
            self.citation(node, offset)
            return
        kind = self.flags.by_template(name)
        if kind is not None:
            self.flag(node, kind, offset)
        elif name in ("rp", "page needed rp"):
            page = param(node, *_PIN)
            if page:
                self.collector.pin_page(page)
        elif name in _TEXT_TEMPLATES or name.startswith("lang-"):
            value = shown(node, _TEXT_TEMPLATES.get(name, "1"))
            if value:
                self.collector.add_text(value, offset)
                self.blank = False
        elif name in _FIXED_TEMPLATES:
            self.collector.add_text(_FIXED_TEMPLATES[name], offset)
        elif name in _CIRCA:
            self.collector.add_text(_CIRCA[name] + (param(node, "1") or ""), offset)
        elif name == "convert":
            amount, unit = param(node, "1"), param(node, "2")
            if amount:
                self.collector.add_text(f"{amount} {unit or ''}".strip(), offset)
        elif self.at_line_start:
            # A template standing at the start of a line is block furniture (infobox, hatnote, quote box).
            self.collector.end_block()

    def flag(self, node: Template, kind, offset: int) -> None:
        """An inline maintenance template; span templates keep their text."""
        if "span" in kind.name:
            text = shown(node, "text", "1")
            if text:
                self.collector.add_text(text, offset)
        location = self.collector.lines.locate(offset)
        self.collector.add_anchor(Flag(
            kind.name, kind.family, str(node.name).strip(), location,
            date=param(node, "date"), reason=param(node, "reason"),
        ))
        self.blank = False

    def wikilink(self, node: Wikilink, offset: int) -> None:
        """Links show their text; files give caption claims; categories and interwikis vanish."""
        title = str(node.title)
        if _MEDIA.match(title):
            self.caption(node, offset)
        elif _SKIP_LINK.match(title) and not title.lstrip().startswith(":"):
            return
        elif node.text is not None:
            self.nodes(node.text, offset + 3 + len(title))
            self.blank = False
        else:
            self.collector.add_text(title.lstrip(":").split("#")[0] or title, offset + 2)
            self.blank = False

    def caption(self, node: Wikilink, offset: int) -> None:
        """An image's caption is the part after its last pipe, unless that is an image option."""
        if node.text is None:
            return
        nodes = node.text.nodes
        first, cut = 0, 0
        for i, child in enumerate(nodes):
            if isinstance(child, Text) and "|" in child.value:
                first, cut = i, child.value.rindex("|") + 1
        shown = str(nodes[first])[cut:] + "".join(str(n) for n in nodes[first + 1:])
        if not shown.strip() or _IMAGE_OPTION.match(shown):
            return
        start = offset + 3 + len(str(node.title)) + sum(len(str(n)) for n in nodes[:first]) + cut
        saved = self.collector.block
        self.collector.block = None
        self.collector.start_block(CAPTION, start)
        position = start
        for i, child in enumerate(nodes[first:]):
            if i == 0 and isinstance(child, Text):
                self.text(child.value[cut:], position)
                position += len(child.value) - cut
                continue
            self.node(child, position)
            position += len(str(child))
        self.collector.end_block()
        self.collector.block = saved

