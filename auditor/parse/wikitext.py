"""MediaWiki wikitext -> model. The only module that imports mwparserfromhell.

Two passes over one parse tree. The first walks every node in document order
(infoboxes and other templates included) and labels citations as the rendered
page does: per group, in order of first use, a reused ``name`` keeping its
label. The second reads the prose: paragraphs, list items and image captions,
with their citations and flags, skipping templates, tables and back matter.
"""

from __future__ import annotations

import re
from dataclasses import replace

import mwparserfromhell
from mwparserfromhell.nodes import (
    Comment, ExternalLink, Heading, HTMLEntity, Tag, Template, Text, Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from auditor.model import CAPTION, LIST, PROSE, Citation, Flag, Problem, Reference
from auditor.parse import citefields, guard
from auditor.parse.assemble import Collector
from auditor.parse.flagnames import FlagTable, fold_template_name
from auditor.parse.labels import Labeller
from auditor.parse.sections import is_back_matter
from auditor.parse.shortcites import anchor, entry_anchor, resolve_shorts
from auditor.parse.textrefs import full_entries

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


_UNQUOTED = re.compile(r"(?:[^']|(?<!')'(?!'))+")


def _strip_quotes(text: str) -> str:
    """Drop bold and italic quote markup (the parse keeps it as text)."""
    return text.replace("\'\'\'", "").replace("\'\'", "")


def _shown(template: Template, *names: str) -> str | None:
    """The text a reader sees of the first of ``names`` the template has (markup stripped)."""
    for name in names:
        if template.has(name):
            shown = _strip_quotes(template.get(name).value.strip_code()).strip()
            if shown:
                return shown
    return None


def _param(template: Template, *names: str) -> str | None:
    """The stripped value of the first of ``names`` the template has, or None."""
    for name in names:
        if template.has(name):
            value = str(template.get(name).value).strip()
            if value:
                return value
    return None


def template_params(template: Template) -> dict[str, str]:
    """A template's parameters as plain strings (names and values stripped)."""
    return {str(p.name).strip(): str(p.value).strip() for p in template.params}


class _ProseReader:
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
            pieces = list(_UNQUOTED.finditer(line)) if line and not self.skip_level else []
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
        title = _strip_quotes(node.title.strip_code()).strip()
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
            page = _param(node, *_PIN)
            if page:
                self.collector.pin_page(page)
        elif name in _TEXT_TEMPLATES or name.startswith("lang-"):
            value = _shown(node, _TEXT_TEMPLATES.get(name, "1"))
            if value:
                self.collector.add_text(value, offset)
                self.blank = False
        elif name in _FIXED_TEMPLATES:
            self.collector.add_text(_FIXED_TEMPLATES[name], offset)
        elif name in _CIRCA:
            self.collector.add_text(_CIRCA[name] + (_param(node, "1") or ""), offset)
        elif name == "convert":
            amount, unit = _param(node, "1"), _param(node, "2")
            if amount:
                self.collector.add_text(f"{amount} {unit or ''}".strip(), offset)
        elif self.at_line_start:
            # A template standing at the start of a line is block furniture (infobox, hatnote, quote box).
            self.collector.end_block()

    def flag(self, node: Template, kind, offset: int) -> None:
        """An inline maintenance template; span templates keep their text."""
        if "span" in kind.name:
            text = _shown(node, "text", "1")
            if text:
                self.collector.add_text(text, offset)
        location = self.collector.lines.locate(offset)
        self.collector.add_anchor(Flag(
            kind.name, kind.family, str(node.name).strip(), location,
            date=_param(node, "date"), reason=_param(node, "reason"),
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


def _parse(guarded: guard.Guarded) -> Wikicode:
    """Parse with the guard: openers nobody closes, which would only cost time, are read as text.

    Bold and italic quotes stay text (dropped by _strip_quotes): an unbalanced '' cannot swallow what
    follows it, and mwparserfromhell 0.7.2 parses about 10% faster so (measured on the fixtures).
    """
    code = mwparserfromhell.parse(guarded.text, skip_style_tags=True)
    if guarded.restore:
        for node in code.ifilter_text(recursive=True):
            node.value = node.value.translate(guarded.restore)
    return code


def parse_wikitext(text: str, flags: FlagTable):
    """Read wikitext; return (sections, claims, orphans, references, problems)."""
    guarded = guard.defuse(text)
    code = _parse(guarded)
    labels = Labeller()
    _label(code, labels, defining=False)
    reader = _ProseReader(text, flags, labels)
    reader.nodes(code, 0)
    sections, claims, orphans = reader.collector.finish()
    references = tuple(_reference(entry, flags) for entry in labels.entries())
    if any(r.kind == "short" for r in references):  # the bibliography costs a walk; most articles have none
        references = resolve_shorts(references, _bibliography(code, text))
    problems = guard.problems_of(guarded, reader.collector.lines.locate)
    problems += tuple(Problem("P902", message) for message in labels.problems)
    return sections, claims, orphans, references, problems


_EFN_GROUPS = {"efn": "lower-alpha", "efn-la": "lower-alpha", "efn-ua": "upper-alpha", "efn-lr": "lower-roman",
               "efn-ur": "upper-roman", "efn-lg": "lower-greek", "notetag": "lower-alpha", "refn": None}
_REFLISTS = frozenset({"reflist", "references", "notelist", "notelist-ua", "notelist-lr", "notelist-ur",
                       "notelist-lg", "notes", "refs", "reference list", "reflist-talk"})
_SOURCE_HINT = re.compile(r"<ref|\{\{\s*(sfn|harv|cite|citation)|https?://", re.I)


class _Serial:
    """Numbers unnamed footnotes so each gets a key of its own."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> str:
        self.n += 1
        return str(self.n)


def _label(code: Wikicode, labels: Labeller, defining: bool, serial: _Serial | None = None) -> None:
    """First pass: every footnote in document order, infoboxes and templates included."""
    serial = serial or _Serial()
    for node in code.nodes:
        if isinstance(node, Tag):
            name = str(node.tag).strip().lower()
            if name == "ref":
                _label_ref(node, labels, defining, serial)
            elif name == "references" and node.contents is not None:
                _label(node.contents, labels, True, serial)
            elif node.contents is not None:
                _label(node.contents, labels, defining, serial)
        elif isinstance(node, Template):
            _label_template(node, labels, defining, serial)
        elif isinstance(node, Wikilink) and node.text is not None:
            _label(node.text, labels, defining, serial)
        elif isinstance(node, Heading):
            _label(node.title, labels, defining, serial)
        elif isinstance(node, ExternalLink) and node.title is not None:
            _label(node.title, labels, defining, serial)


def _attr(node: Tag, name: str) -> str | None:
    """A tag attribute's value, stripped of quotes, or None."""
    if node.has(name):
        value = str(node.get(name).value).strip().strip("\"'").strip()
        return value or None
    return None


def _label_ref(node: Tag, labels: Labeller, defining: bool, serial: _Serial) -> None:
    """One <ref>: a use (labelled) or a list-defined definition."""
    name, group = _attr(node, "name"), _attr(node, "group") or ""
    content = "" if node.self_closing or node.contents is None else str(node.contents).strip()
    if _attr(node, "follow"):
        return
    key = Labeller.key_of(group, name, serial.next())
    if defining:
        labels.define(key, content, node.contents)
        return
    note = bool(group) and not _SOURCE_HINT.search(content)
    labels.use(node, key, group, name, content, node.contents if content else None, note=note)


def _label_template(node: Template, labels: Labeller, defining: bool, serial: _Serial) -> None:
    """Footnote templates (sfn, efn, refn, r) and containers of refs (reflist refs=, infoboxes)."""
    name = fold_template_name(str(node.name))
    if citefields.is_short_template(name) and name.startswith("sfn"):
        params = template_params(node)
        short = citefields.short_fields(params)
        page = short.get("page")
        key = "|sfn:" + "|".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in ("ps",))
        labels.use(node, key, "", None, str(node), None, page=page, short=short)
    elif name in _EFN_GROUPS:
        group = _param(node, "group") or _EFN_GROUPS[name] or ""
        content = _param(node, "1", "text") or ""
        note = bool(group) and not _SOURCE_HINT.search(content)
        key = Labeller.key_of(group, _param(node, "name"), serial.next())
        value = node.get("1").value if node.has("1") else None
        labels.use(node, key, group, _param(node, "name"), content, value, note=note)
        if value is not None:
            _label(value, labels, defining, serial)
    elif name == "r":
        for param in node.params:
            if str(param.name).strip().isdigit():
                ref = str(param.value).strip()
                labels.use(node, Labeller.key_of(_param(node, "group") or "", ref, ""), _param(node, "group") or "",
                           ref, page=_param(node, "p", "pp", "page", "pages"))
    else:
        inside_list = name in _REFLISTS
        for param in node.params:
            refs = inside_list and str(param.name).strip() == "refs"
            _label(param.value, labels, defining or refs, serial)


def _bibliography(code: Wikicode, text: str) -> dict[str, dict[str, str]]:
    """Every full citation template of the article by the anchor it sets, for short citations to find.

    Bibliography, Sources and Works cited lists hold most of them; templates inside refs set anchors too.
    An explicit ref= anchor may be written as {{sfnref|...}} or {{harvid|...}}.
    """
    lines = (line.lstrip("*#: ").replace("''", "") for line in str(code).splitlines() if line.startswith("*"))
    entries: dict[str, dict[str, str]] = full_entries(lines)
    for node in code.filter_templates():
        name = fold_template_name(str(node.name))
        if not citefields.is_citation_template(name):
            continue
        params = template_params(node)
        fields = citefields.normalise(params, name)
        target = entry_anchor(fields, params.get("ref"))
        if node.has("ref"):
            for inner in node.get("ref").value.filter_templates():
                if fold_template_name(str(inner.name)) in ("sfnref", "harvid", "citeref"):
                    short = citefields.short_fields(template_params(inner))
                    target = anchor(short["author-keys"].split("|"), short.get("year"))
        if target:
            entries[target] = fields
    return entries


def _dead_link(parsed: Wikicode, flags: FlagTable) -> str | None:
    """The date (or "yes") of a link-rot flag such as {{dead link}} inside a ref's content."""
    for node in parsed.filter_templates(recursive=False):
        kind = flags.by_template(fold_template_name(str(node.name)))
        if kind is not None and kind.family == "link-rot":
            return _param(node, "date") or "yes"
    return None


def _reference(entry, flags: FlagTable) -> Reference:
    """Build a Reference from a footnote entry: its kind, template and fields."""
    fields: dict[str, str] = dict(entry.short)
    kind, template = ("short", "sfn") if entry.short else ("unknown", None)
    parsed = entry.parsed
    if isinstance(parsed, Wikicode):
        for node in parsed.nodes:
            if isinstance(node, Template):
                tname = fold_template_name(str(node.name))
                if citefields.is_citation_template(tname):
                    kind, template = "template", tname
                    fields = citefields.normalise(template_params(node), tname)
                    break
                if citefields.is_short_template(tname):
                    kind, template = "short", tname
                    fields = citefields.short_fields(template_params(node))
                    break
        else:
            links = [n for n in parsed.nodes if isinstance(n, ExternalLink)]
            rest = "".join(str(n) for n in parsed.nodes if not isinstance(n, (ExternalLink, Comment, Template))).strip()
            if links:
                fields["url"] = str(links[0].url)
                if links[0].title is not None:
                    fields["title"] = _strip_quotes(links[0].title.strip_code()).strip()
                kind = "bare-url" if len(rest) < 3 else "text"
            elif entry.content:
                kind = "text"
    elif entry.content and not entry.short:
        kind = "text"
    if isinstance(parsed, Wikicode) and (dead := _dead_link(parsed, flags)) is not None:
        fields["dead-link"] = dead
    if entry.note and kind in ("text", "unknown"):
        kind = "note"
    return Reference(
        key=entry.key, label=entry.label, group=entry.group, name=entry.name, content=entry.content,
        kind=kind, template=template, fields=tuple(sorted(fields.items())),
    )
