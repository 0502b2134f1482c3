"""The prose of a rendered page: paragraphs, list items, captions and quotations, with citations and flags.

The rules are the wikitext reader's (auditor/parse/wikitext/prose.py), applied to what the page shows:
a ``<p>`` is a paragraph, ``<li>`` and ``<dd>`` list items (``<dt>`` a pseudo-heading), a ``<blockquote>``
a quotation whose attribution's citations close its last sentence, a thumbnail's or figure's caption and
each image's caption in a gallery a caption; link text and short bold or italic runs are never cut; a
paragraph all in bold is a pseudo-heading; an inline formula shows its TeX (formulas.py), and an item that
is only a formula is no claim. Tables, infoboxes, navboxes, hatnotes, message boxes, the table of contents,
a gallery's title, display math, hidden text and ``mw-empty-elt`` furniture hold no claims; a section is
back matter by its name and its body (section_role, given the body as the wikitext reader would see it).
"""

from __future__ import annotations

import re

from auditor.model import CAPTION, LIST, PROSE, QUOTE, WORK
from auditor.parse.assemble import Collector, hides
from auditor.parse.flagnames import FlagTable
from auditor.parse.html import dom
from auditor.parse.html.formulas import formula_text, is_formula
from auditor.parse.html.marks import citation_of, flag_of, is_citation, is_flag, page_pin
from auditor.parse.html.offsets import Cursor
from auditor.parse.languages import all_furniture_classes
from auditor.parse.sections import BACK, WORKS, may_hold_no_claims, section_role

#: Elements whose content is never prose.
_SKIP_TAGS = frozenset("""script style link meta head title noscript template table math svg img audio video
    object embed iframe canvas button input select textarea form map area source track picture""".split())
#: Classes of furniture: nothing inside them is a claim.
_SKIP_CLASSES = frozenset("""hatnote dablink rellink navbox vertical-navbox navbox-styles infobox metadata ambox
    mbox-small tmbox ombox cmbox fmbox imbox dmbox sistersitebox side-box portalbox portal toc toclimit
    mw-editsection mw-empty-elt reflist references mw-references-wrap mw-cite-backlink gallerycaption
    shortdescription authority-control succession-box printfooter catlinks mw-indicators mwe-math-element
    noviewer magnify mw-jump-link navigation-not-searchable box-Multiple_issues mw-ext-cite-error""".split()
                           ) | all_furniture_classes()
#: Bold or italic runs longer than this are not a title: sentence boundaries inside them stand.
_LONGEST_TITLE = 150
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {"p": PROSE, "li": LIST, "dd": LIST, "dt": LIST}
_ATTRIBUTION = frozenset({"templatequotecite", "quotebox-cite"})


def classes_of(node: dom.Node) -> set[str]:
    """The element's classes."""
    value = dom.attr(node, "class")
    return set(value.split()) if value else set()


def is_furniture(node: dom.Node, classes: set[str]) -> bool:
    """An element that holds no claims: by tag, by class, or hidden."""
    if dom.tag(node) in _SKIP_TAGS or classes & _SKIP_CLASSES:
        return True
    if any(c.startswith(("box-", "mbox", "navbox")) for c in classes):
        return True
    return hides(dom.attr(node, "style"))


def heading_level(node: dom.Node) -> int:
    """1-6 for a heading element or a ``div.mw-heading`` wrapper, else 0."""
    name = dom.tag(node)
    if name in _HEADINGS:
        return _HEADINGS[name]
    if name == "div" and "mw-heading" in classes_of(node):
        inner = dom.find_first(node, "h1, h2, h3, h4, h5, h6")
        return _HEADINGS[dom.tag(inner)] if inner is not None else 0
    return 0


def visible_text(node: dom.Node) -> str:
    """The text a reader sees in a node: furniture (edit links, hidden spans) left out."""
    parts: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if dom.is_text(current):
            parts.append(dom.text(current))
        elif current is node or not is_furniture(current, classes_of(current)):
            stack.extend(reversed(dom.children(current)))
    return "".join(parts)


class HtmlReader:
    """Reads a page's content into a Collector, node by node, without recursion."""

    def __init__(self, html: str, flags: FlagTable, lang: str = "en") -> None:
        self.flags = flags
        self.collector = Collector(html, lang)
        self.cursor = Cursor(html)
        self.skip_level = 0  # inside back matter below this heading level (0: not skipping)
        self.works_level = 0  # inside a list of works below this heading level
        self.quoting = 0  # inside this many block quotations
        self.bold = 0  # inside this many bold elements
        self.notes: dict[str, bool] = {}  # reference key -> it is an explanatory note

    def read(self, root: dom.Node) -> None:
        """Read a subtree: enter each element, read each text, leave each element read into."""
        stack: list[tuple[dom.Node, object]] = [(root, None)]
        while stack:
            node, state = stack.pop()
            if state is not None:
                self.leave(node, state)
                continue
            if dom.is_text(node):
                self.text(dom.text(node))
                continue
            if dom.tag(node).startswith("-"):
                continue  # a comment or a doctype
            entered = self.enter(node)
            if entered is None:
                continue
            stack.append((node, entered))
            stack.extend((child, None) for child in reversed(dom.children(node)))

    def enter(self, node: dom.Node) -> object:
        """Start an element; return what leaving it needs (None: its content is not read)."""
        name = dom.tag(node)
        level = _HEADINGS.get(name, 0)
        if level:
            self.heading(node, level)
            return None
        classes = classes_of(node)
        if self.skip_level:  # only a heading can end back matter
            return None if is_furniture(node, classes) else ("skip",)
        if is_citation(node, classes):
            self.citation(node)
            return None
        if is_flag(node, classes, self.flags):
            self.flag(node)
            return None
        block = self.collector.block
        page = page_pin(node, block.run_citation) if name == "sup" and block is not None else None
        if page is not None:
            self.collector.pin_page(page)
            return None
        if classes & _ATTRIBUTION or (self.quoting and name == "cite"):
            self.citations_within(node)
            return None
        if is_formula(node, classes):
            self.formula(node)
            return None
        if "tmulti" in classes:  # {{multiple image}}: a caption under each image, and the footer's
            for text in dom.find(node, ".thumbcaption"):
                self.caption(text)
            return None
        if name == "figure" or "thumb" in classes:
            self.caption(dom.find_first(node, "figcaption, .thumbcaption"))
            return None
        if "gallery" in classes or "mw:Extension/gallery" in (dom.attr(node, "typeof") or ""):
            for text in dom.find(node, ".gallerytext"):
                self.caption(text)  # each image's caption; the gallery's own title (caption=) is no claim
            return None
        if name == "figcaption" or "thumbcaption" in classes:
            self.caption(node)
            return None
        if is_furniture(node, classes):
            return None
        return self.container(node, name)

    def container(self, node: dom.Node, name: str) -> object:
        """Elements read into: blocks, quotations, styles, links, line breaks."""
        if name in _BLOCKS:
            kind = QUOTE if self.quoting and name == "p" else _BLOCKS[name]
            if kind == LIST and self.works_level and name == "li":
                kind = WORK
            self.collector.start_block(kind, self.cursor.at)
            self.collector.block.heading_like = name == "dt"
            return ("block",)
        if name == "blockquote":
            self.quoting += 1
            self.collector.default_kind = QUOTE
            self.collector.open_quotation(self.cursor.at)
            return ("quote",)
        if name in ("b", "strong"):
            self.bold += 1
            return ("bold", self.collector.length)
        if name == "a" and _internal(node):
            return ("link", self.collector.length)
        if name in ("i", "em"):
            return ("title", self.collector.length)
        if name == "br":
            if self.collector.block is not None:
                self.collector.add_text(" ", self.cursor.at)
            return ("none",)
        block = self.collector.block
        if name in ("ul", "ol", "dl", "section") and block is not None and block.kind == PROSE:
            self.collector.end_block()  # text standing before a list, outside a paragraph, ends there
        return ("none",)

    def leave(self, node: dom.Node, state: tuple) -> None:
        """End an element read into."""
        what = state[0]
        if what == "block":
            self.end_paragraph()
        elif what == "quote":
            self.collector.close_quotation()
            self.quoting -= 1
            if not self.quoting:
                self.collector.default_kind = PROSE
        elif what in ("bold", "title", "link"):
            if what == "bold":
                self.bold -= 1
            if self.collector.length - state[1] <= _LONGEST_TITLE:
                self.collector.protect(state[1], link=what == "link")

    def end_paragraph(self) -> None:
        """A paragraph or item ends; one all in bold and short is a pseudo-heading ("Other books:")."""
        if self.collector.pseudo_heading():
            self.collector.discard_block()
        else:
            self.collector.end_block()

    def text(self, value: str) -> None:
        """Text of the page; whitespace between blocks is no paragraph."""
        if self.skip_level or not value:
            return
        if self.collector.block is None and value.isspace():
            return
        offset = self.cursor.find(value)
        self.collector.add_text(value.replace("\n", " "), offset)
        if not self.bold:
            self.collector.note_outside_bold(value)

    def formula(self, node: dom.Node) -> None:
        """An inline formula: its TeX is part of the sentence, and no boundary cuts it."""
        value = None if self.skip_level else formula_text(node)
        if value:
            self.collector.add_formula(value, self.cursor.at)

    def heading(self, node: dom.Node, level: int) -> None:
        """A heading starts a section; back matter is skipped until a heading at its level or above."""
        title = re.sub(r"\s+", " ", visible_text(node)).strip()
        offset = self.cursor.find(title)
        if self.skip_level and level > self.skip_level:
            return
        if self.works_level and level <= self.works_level:
            self.works_level = 0
        lang = self.collector.language
        role = section_role(title, section_body(node, level), lang) if may_hold_no_claims(title, lang) else None
        self.skip_level = level if role == BACK else 0
        if role == WORKS and not self.works_level:
            self.works_level = level
        self.collector.heading(title, level, offset)

    def citation(self, node: dom.Node) -> None:
        """Anchor a citation marker where it stands."""
        citation = citation_of(node, self.collector.lines.locate(self.cursor.find("[")), self.notes)
        if citation is not None:
            self.collector.add_anchor(citation)

    def flag(self, node: dom.Node) -> None:
        """Anchor an inline cleanup tag, with its date, where it stands."""
        flag = flag_of(node, self.flags, self.collector.lines.locate(self.cursor.find("[")))
        if flag is not None:
            self.collector.add_anchor(flag)

    def citations_within(self, node: dom.Node) -> None:
        """A quotation's attribution: only its citations are read (they close the quotation)."""
        for marker in dom.find(node, "sup"):
            if is_citation(marker, classes_of(marker)):
                self.citation(marker)

    def caption(self, target: dom.Node | None) -> None:
        """An image's caption is a claim of its own, whatever block stands around the image."""
        if target is None:
            return
        saved = self.collector.block
        self.collector.block = None
        self.collector.start_block(CAPTION, self.cursor.at)
        for child in _inside_paragraph(target):
            self.read(child)
        self.collector.end_block()
        self.collector.block = saved


def _inside_paragraph(node: dom.Node) -> list[dom.Node]:
    """A caption's content: a gallery's ``<div class="gallerytext"><p>...</p></div>`` is read inside its
    paragraph, which would otherwise start a prose block of its own."""
    children = dom.children(node)
    elements = [c for c in children if not (dom.is_text(c) and not dom.text(c).strip())]
    if len(elements) == 1 and dom.tag(elements[0]) in ("p", "div"):
        return dom.children(elements[0])
    return children


def _internal(node: dom.Node) -> bool:
    """A link to a page of the wiki (its text is never cut, as a wikilink's is not)."""
    href = dom.attr(node, "href") or ""
    rel = dom.attr(node, "rel") or ""
    return "mw:WikiLink" in rel or href.startswith(("/wiki/", "./")) and "mw:ExtLink" not in rel


def section_body(node: dom.Node, level: int) -> str:
    """A section's body as section_role reads wikitext: reference lists, citations, list lines, prose.

    The body runs from the heading (or its ``div.mw-heading``) to the next heading at its level or above.
    """
    start = dom.parent(node) if heading_level(dom.parent(node) or node) == level else node
    lines: list[str] = []
    for sibling in dom.following(start):
        found = heading_level(sibling)
        if found and found <= level:
            break
        if dom.is_text(sibling) or dom.tag(sibling).startswith("-"):
            continue
        lines.extend(body_lines(sibling))
    return "\n".join(lines)


def body_lines(node: dom.Node) -> list[str]:
    """The wikitext-like lines of one element of a section's body."""
    classes = classes_of(node)
    name = dom.tag(node)
    if classes & {"reflist", "references", "mw-references-wrap", "refbegin"} or \
            dom.find_first(node, ".reflist, ol.references, .mw-references-wrap, .refbegin") is not None:
        return ["{{reflist}}"]
    if name in ("ul", "ol"):
        return [("* {{cite}} " if dom.find_first(item, "cite") is not None else "* ")
                + re.sub(r"\s+", " ", visible_text(item)).strip() for item in dom.find(node, "li")]
    if name == "table":
        return ["{|"]
    if name == "p":
        return [re.sub(r"\s+", " ", visible_text(node)).strip()]
    if name in ("div", "section"):
        return [line for child in dom.children(node) if not dom.is_text(child) for line in body_lines(child)]
    return []
