"""The prose pass: paragraphs, list items and image captions, with their citations and flags.

Templates (infoboxes, navboxes), tables and back matter hold no claims and are skipped; footnotes were
labelled by the first pass (footnotes.py) and are anchored here where they stand.
"""

from __future__ import annotations

import re

from mwparserfromhell.nodes import (
    Comment, ExternalLink, Heading, HTMLEntity, Tag, Template, Text, Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from auditor.compiled import lazy_compile
from auditor.model import CAPTION, LIST, PROSE, QUOTE, WORK, Flag
from auditor.parse.assemble import Collector, hides
from auditor.parse.flagnames import FlagTable, fold_template_name
from auditor.parse.inline import Rendering, load_inline_table, render_inline
from auditor.parse.labels import SUPERSCRIPT_PAGE, Labeller
from auditor.parse.languages import base_code
from auditor.parse.sections import BACK, WORKS, may_hold_no_claims, section_body, section_role
from auditor.parse.wikitext.build import parse as parse_wikitext_tree
from auditor.parse.wikitext.nodes import (
    Galleries, Measured, children_at, contents_at, parameter_offsets, param, pipe_parts, plain_arguments, quote_runs,
    shown_entity, strip_quotes, text_of, without_tag_text,
)

#: File and category namespaces: English and the local names of the larger wikis.
_MEDIA = lazy_compile(r"^\s*:?\s*(file|image|media|datei|bild|fichier|imagen|archivo|ficheiro|arquivo|imagem|immagine"
                    r"|lêer|файл|изображение|plik|grafika|ファイル|画像|文件|檔案|图像)\s*:", re.I)
_SKIP_LINK = lazy_compile(r"^\s*(category|kategorie|catégorie|categoría|categoria|категория|kategoria|カテゴリ|分类|分類"
                        r"|[a-z]{2,3}(-[a-z]{2,8})?)\s*:", re.I)
_IMAGE_OPTION = lazy_compile(
    r"^\s*(thumb|thumbnail|frame|framed|frameless|border|right|left|center|centre|none|upright(=.*)?|"
    r"\d*x?\d+\s*px|(alt|link|page|class|lang|upright|thumb|thumbnail|loop|start|end)=.*|baseline|middle|"
    r"sub|super|top|text-top|bottom|text-bottom|"
    # local names of the common options (fr, es, it, pt, de, ru, pl)
    r"vignette|gauche|droite|centré|redresse(=.*)?|miniatura|izquierda|derecha|centro|destra|sinistra|"
    r"miniaturadaimagem|esquerda|direita|mini|miniatur|links|rechts|zentriert|мини|миниатюра|справа|слева|"
    r"mały|prawo|lewo)\s*$", re.I,
)
_FORMULA_TAGS = frozenset(("math", "chem", "ce"))
#: An element styled so (``<span style="display:none">``) shows the reader nothing, as the HTML reader holds.
_SKIP_TAGS = frozenset("""references score syntaxhighlight source pre timeline graph mapframe
    maplink templatedata templatestyles includeonly imagemap hiero inputbox categorytree
    table style script""".split())
#: Block quotation templates: name -> the parameters that hold the quoted text, in order of preference.
_QUOTES = {
    "quote": ("text", "1", "quote"), "blockquote": ("text", "1", "quote"), "quotation": ("1", "text", "quote"),
    "cquote": ("1", "text", "quote"), "quote box": ("quote", "text", "1"), "quote frame": ("1", "text", "quote"),
    "pull quote": ("1", "text", "quote"), "centered pull quote": ("1", "text", "quote"), "rquote": ("2", "quote"),
    "quote box2": ("quote", "text", "1"), "cquote2": ("1", "text", "quote"), "bq": ("1", "text", "quote"),
    "poem quote": ("text", "1"), "poemquote": ("text", "1"),
}
#: Block quotations set off by a pair of templates around the quoted text: opener -> closer. ruwiki's
#: {{начало цитаты}} … {{конец цитаты|источник=…}} (Шаблон:Начало цитаты), the closer's parameters the attribution.
_QUOTE_PAIRS = {"начало цитаты": "конец цитаты"}
#: Templates whose last positional parameter holds a list the page shows as it is, in columns or without bullets
#: (Module:Biglist's columns-list: '<div ...>' .. args[1] .. '</div>'; the older form put a column count first:
#: {{columns-list|3|...}}; {{plainlist|* a}} likewise wraps its list in a div).
_LIST_WRAPPERS = frozenset({"columns-list", "columns list", "plainlist", "plain list"})
#: Module:List's templates: each positional parameter is one item of the list they draw.
_ITEM_LISTS = frozenset({"ordered list", "unordered list", "bulleted list", "unbulleted list", "ubl"})
#: Bold or italic runs longer than this are not a title: sentence boundaries inside them stand.
_LONGEST_TITLE = 150
ITALIC, BOLD = "''", "'''"
_PIN = ("1", "p", "pp", "page", "pages", "at", "loc")
#: Templates that set images side by side: each image's caption (captionN) and the footer show under them, as
#: Template:Multiple image/doc draws them; the header is a title, like a gallery's caption=. {{gallery}} takes
#: its images and captions as pairs of positional parameters (Template:Gallery/doc), its title a title.
_IMAGE_SETS = frozenset({"multiple image", "multiple images", "gallery"})
_IMAGE_SET_CAPTION = lazy_compile(r"caption\d+|footer")


class ProseReader:
    """The second pass: reads prose nodes into a Collector."""

    def __init__(self, text: str, flags: FlagTable, labels: Labeller, today: str = "", lang: str = "en",
                 galleries: Galleries | None = None, measured: Measured | None = None) -> None:
        self.flags = flags
        self.galleries = galleries or Galleries(parse_wikitext_tree)
        self.size = (measured or Measured({})).size  # len(str(x)) of a node or node list, the builder's where kept
        self.inline = load_inline_table(base_code(lang))
        self.today = today  # the audit date, for {{age}} and {{birth date and age}}
        self.labels = labels
        self.source = text
        self.collector = Collector(text, lang)
        self.skip_level = 0  # inside back matter below this heading level (0: not skipping)
        self.raw_table = False  # inside a table that the parser left as text
        self.works_level = 0  # inside a list of works below this heading level (0: not)
        self.inline_templates = 0  # templates standing inside a sentence
        self.rendered_templates = 0  # of which the text the reader sees was rendered
        self.at_line_start = True
        self.blank = True  # the current line has no content yet
        self.styled: dict[str, int | None] = {ITALIC: None, BOLD: None}  # where an open italic/bold began
        self.paired_quote: tuple[str, str] | None = None  # an open {{начало цитаты}}: its closer, the kind saved

    def newline(self) -> None:
        """A line ends: list items and captions end; a blank line ends a paragraph."""
        block = self.collector.block
        self.close_styles()
        if self.collector.pseudo_heading():
            self.collector.discard_block()  # a line all in bold is a pseudo-heading ("Other books:")
        elif self.blank or (block is not None and block.kind not in (PROSE, QUOTE)):
            self.collector.end_block()
        self.at_line_start = True
        self.blank = True

    def table_line(self, line: str) -> bool:
        """A table the parser left as text (one opened after an indent, ``:{|``) holds no claims: skip its lines.

        Tell whether ``line`` is one of them; a line opening such a table ends the paragraph before it.
        """
        stripped = line.lstrip()
        if self.raw_table:
            self.raw_table = not stripped.startswith("|}")
            return True
        block = self.collector.block
        if stripped.startswith("{|") and (self.at_line_start or block is None or block.length == 0):
            self.collector.end_block()
            self.raw_table = True
            return True
        return False

    def close_styles(self) -> None:
        """A line ends: open bold and italic close with it."""
        for mark, start in self.styled.items():
            if start is not None:
                self._protect_title(start)
                self.styled[mark] = None

    def _protect_title(self, start: int) -> None:
        if self.collector.length - start <= _LONGEST_TITLE:
            self.collector.protect(start)

    def toggle_style(self, run: str) -> None:
        """A run of quote marks opens or closes italic ('') or bold ('''), or both (''''')."""
        marks = {2: (ITALIC,), 3: (BOLD,)}.get(len(run), (BOLD, ITALIC))
        for mark in marks:
            start = self.styled[mark]
            if start is None:
                self.styled[mark] = self.collector.length
            else:
                self._protect_title(start)
                self.styled[mark] = None

    def text(self, value: str, offset: int) -> None:
        """Read a Text node, which may span lines; bold and italic quotes are dropped."""
        if "\n" in value or "''" in value or "{|" in value or "<" in value or self.skip_level or self.raw_table \
                or not value:
            self.read_lines(value, offset)
            return
        # Most text nodes: part of one line, no quotes, no table, no tag text; what read_lines() does for one such
        # line, without splitting it and cutting it into pieces (about 25 M instructions on United-Kingdom.wiki).
        self.shown_as_written(value, offset)

    def shown_as_written(self, value: str, offset: int) -> None:
        """Read text of one line that holds no markup: a plain Text node's, or <nowiki>'s (literal)."""
        collector = self.collector
        if value.strip():
            self.blank = False
            self.at_line_start = False
        elif collector.block is None:
            return
        collector.add_text(value, offset)
        self.note_plain(value)

    def read_lines(self, value: str, offset: int) -> None:
        """Read text that may span lines, hold bold and italic quotes or tag text, or open a table left as text."""
        position = offset
        for i, line in enumerate(value.split("\n")):
            if i:
                self.newline()
                if self.collector.block is not None and not self.skip_level:
                    self.collector.add_text(" ", position - 1)
            start, position = position, position + len(line) + 1
            if not line or self.skip_level or self.table_line(line):
                continue
            pieces = quote_runs(line, self.styled[ITALIC] is not None, self.styled[BOLD] is not None)
            if "<" in line:
                pieces = without_tag_text(pieces)
            if any(kind == "text" and piece.strip() for kind, _, piece in pieces):
                self.blank = False
                self.at_line_start = False
            elif self.collector.block is None:
                for kind, _, marks in pieces:
                    if kind == "style":
                        self.toggle_style(marks)
                continue
            for kind, at, piece in pieces:
                if kind == "style":
                    self.toggle_style(piece)
                else:
                    self.collector.add_text(piece, start + at)
                    self.note_plain(piece)

    def note_plain(self, piece: str) -> None:
        """Tell the collector of text read outside bold (Collector.pseudo_heading): text nodes, link titles,
        templates' text and bare links all do."""
        if self.styled[BOLD] is None:
            self.collector.note_outside_bold(piece)

    def nodes(self, code: Wikicode, offset: int) -> None:
        """Read a sequence of nodes starting at ``offset`` in the input."""
        for node in code.nodes:
            if type(node) is Text:  # most nodes, read here without two calls
                value = node.value
                self.text(value, offset)
                offset += len(value)
                continue
            size = self.size(node)
            self.node(node, offset)
            offset += size

    def node(self, node: object, offset: int) -> None:
        """Read one node by its type: text and headings always, the others (_READERS) unless back matter or
        a table left as text is being skipped; comments, arguments and unknown nodes show nothing."""
        kind = type(node)
        if kind is Text:
            self.text(node.value, offset)
        elif kind is Heading:
            self.heading(node, offset)
        elif not (self.skip_level or self.raw_table):
            read = _READERS.get(kind)
            if read is not None:
                read(self, node, offset)

    def external_link(self, node: ExternalLink, offset: int) -> None:
        """[url title] shows its title, a bare URL itself; [url] shows a number, no words."""
        if node.brackets:
            for title, at in children_at(node, offset, self.size):  # [url title]; [url] shows no words
                self.nodes(title, at)
        else:
            self.collector.add_text(str(node.url), offset)
            self.note_plain(str(node.url))
            self.blank = False

    def entity(self, node: HTMLEntity, offset: int) -> None:
        """&nbsp;, &#8212;: the character they stand for."""
        self.collector.add_text(shown_entity(node), offset)

    def heading(self, node: Heading, offset: int) -> None:
        """A heading starts a section (and ends a quotation left open); back matter is skipped until a
        shallower heading."""
        if self.paired_quote is not None:
            self.end_paired_quote()
        title = strip_quotes(node.title.strip_code()).strip()
        if self.skip_level and node.level > self.skip_level:
            return
        if self.works_level and node.level <= self.works_level:
            self.works_level = 0
        role = None
        lang = self.collector.language
        if may_hold_no_claims(title, lang):
            role = section_role(title, section_body(self.source, offset + self.size(node), node.level), lang)
        self.skip_level = node.level if role == BACK else 0
        if role == WORKS and not self.works_level:
            self.works_level = node.level
        self.collector.heading(title, node.level, offset)

    def tag(self, node: Tag, offset: int) -> None:
        """HTML and wiki-markup tags: refs, list markers, tables, containers."""
        name = text_of(node.tag).strip().lower()
        if name == "ref":
            self.citation(node, offset)
        elif node.wiki_markup in ("*", "#", ":", ";"):
            kind = WORK if self.works_level and node.wiki_markup in ("*", "#") else LIST
            block = self.collector.block
            if not (block is not None and block.kind in (LIST, WORK) and block.length == 0):
                self.collector.start_block(kind, offset)
            elif block.kind != kind:
                block.kind = kind
            self.collector.block.heading_like = node.wiki_markup == ";"
            self.at_line_start = False
        elif name == "gallery":
            self.gallery(node, offset)
        elif name in _FORMULA_TAGS:
            self.formula(node, offset)
        elif name in _SKIP_TAGS or node.wiki_markup:
            if name in ("table", "hr") or node.wiki_markup:
                self.collector.end_block()
        elif name == "sup" and node.contents is not None and self.page_after_citation(str(node.contents)):
            return
        elif name == "br":
            self.collector.add_text(" ", offset)
        elif name == "nowiki":
            if node.contents is not None:
                self.literal(node.contents, contents_at(node, offset, self.size))
        elif name in ("blockquote", "poem"):  # verse set off in <poem> is quoted, as a block quotation is
            if node.contents is not None:
                self.quotation(node.contents, contents_at(node, offset, self.size))
        elif node.contents is not None and not node.self_closing and not self.hidden(node):
            self.nodes(node.contents, contents_at(node, offset, self.size))

    def literal(self, code: Wikicode, offset: int) -> None:
        """<nowiki> text shows as written, its entities as their characters: quote marks and tag text in it are
        no markup ("The <nowiki><b></nowiki> tag" reads "The <b> tag"), and its line breaks join its lines."""
        for node in code.nodes:
            if type(node) is Text:
                self.shown_as_written(node.value.replace("\n", " "), offset)
            else:
                self.node(node, offset)
            offset += self.size(node)

    @staticmethod
    def hidden(node: Tag) -> bool:
        """Whether a tag's style hides it and all it holds (display:none): its text is no claim's."""
        return node.has("style") and hides(str(node.get("style").value))

    def formula(self, node: Tag, offset: int) -> None:
        """An inline formula shows its TeX in its sentence ("denoted by A^\\mathsf{H}, then"), as Parsoid's
        HTML gives it; display math (``display="block"``) stands on its own line and is no part of one."""
        if node.contents is None or node.self_closing:  # node() reads no formula in skipped back matter
            return
        display = node.get("display").value.strip().lower() if node.has("display") else ""
        tex = " ".join(str(node.contents).split())
        if display != "block" and tex:
            self.collector.add_formula(tex, contents_at(node, offset, self.size))
            self.blank = False

    def citation(self, node: object, offset: int) -> None:
        """Anchor the citations a ref, sfn, efn or r node stands for, where the node stands."""
        location = self.collector.lines.locate(offset)
        for citation in self.labels.citations_of(node, location):
            self.collector.add_anchor(citation)
            self.blank = False

    def template(self, node: Template, offset: int) -> None:
        """Flags, footnote templates, page pins, inline text templates; others are dropped."""
        name = fold_template_name(text_of(node.name))
        if self.labels.citations_of(node):
            self.citation(node, offset)
            return
        kind = self.flags.by_template(name)
        if kind is not None:
            self.flag(node, kind, offset)
        elif name in _QUOTES:
            self.quote_template(node, name, offset)
        elif name in _QUOTE_PAIRS and self.paired_quote is None:
            self.paired_quote = (_QUOTE_PAIRS[name], self.collector.default_kind)
            self.collector.default_kind = QUOTE
            self.collector.open_quotation(offset)
        elif self.paired_quote is not None and name == self.paired_quote[0]:
            self.end_paired_quote(node, offset)
        elif name in _IMAGE_SETS:
            self.image_set(node, offset)
        elif name in _LIST_WRAPPERS:
            self.wrapped_list(node, offset)
        elif name in _ITEM_LISTS:
            self.item_list(node, offset)
        elif name in ("rp", "reference page", "page needed rp"):
            page = param(node, *_PIN)
            if page:
                self.collector.pin_page(page)
        elif name == "sup" and self.page_after_citation(param(node, "1") or ""):
            return
        elif not self.inline_template(node, name, offset) and self.at_line_start:
            # An unknown template standing at the start of a line is block furniture (infobox, hatnote).
            self.collector.end_block()

    def page_after_citation(self, text: str) -> bool:
        """A superscript page right after a citation ({{sup|:167}}, as {{rp}} shows it) pins that citation."""
        block = self.collector.block
        match = SUPERSCRIPT_PAGE.fullmatch(text.strip())
        if block is None or block.run_citation is None or match is None:
            return False
        self.collector.pin_page(match.group(1))
        return True

    def inline_template(self, node: Template, name: str, offset: int) -> bool:
        """A template in running text: add what the reader sees of it; tell whether it is known.

        Unknown templates inside a sentence are counted, so the record shows how much text is missing.
        """
        result = self.rendered(node, name)
        if self.at_line_start and result is None:
            return False
        self.inline_templates += 1
        if result is None:
            return False
        self.rendered_templates += result.rendered
        if not result.rendered and not result.text and self.inline.writes_name(name):
            self.unnamed_item()
        if result.text:
            self.collector.add_text(result.text, offset, protect=True)
            self.note_plain(result.text)
            self.blank = False
        self.markers_inside([p.value for p in node.params], offset)
        return True

    def unnamed_item(self) -> None:
        """A list item that opens with a name the table cannot render ({{fb|XYZ}}, {{fb|GER|1949}}) is read
        without it: what follows the name is a claim when it holds words ("beat France in the final."), and
        none when it holds only figures and asides in brackets ("(63) (debut)"; Collector.end_block)."""
        block = self.collector.block
        if block is not None and block.kind == LIST and not "".join(block.parts).strip():
            block.nameless = True

    def markers_inside(self, values: list[Wikicode], offset: int) -> None:
        """Citations and flags in an inline template's arguments ({{nowrap|1952<ref>..</ref>}}) follow its text."""
        for value in values:
            for inner in value.nodes:
                if isinstance(inner, (Tag, Template)) and self.labels.citations_of(inner):
                    self.citation(inner, offset)
                elif isinstance(inner, Template):
                    name = fold_template_name(text_of(inner.name))
                    kind = self.flags.by_template(name)
                    if kind is not None:
                        self.flag(inner, kind, offset)
                    elif self.inline.knows(name):
                        self.markers_inside([p.value for p in inner.params], offset)
                elif isinstance(inner, Tag) and inner.contents is not None:
                    self.markers_inside([inner.contents], offset)

    def rendered(self, node: Template, name: str) -> Rendering | None:
        """What an inline template shows (auditor/parse/inline), or None when the table does not know it."""
        if not self.inline.knows(name):
            return None
        positional, named = plain_arguments(node, self.nested_text)
        return render_inline(name, positional, named, self.today, self.inline)

    def nested_text(self, node: Template) -> str:
        """The text of a template inside another one's argument ("" when the table does not know it)."""
        result = self.rendered(node, fold_template_name(text_of(node.name)))
        return result.text if result is not None else ""

    def flag(self, node: Template, kind, offset: int) -> None:
        """An inline maintenance template; span templates (and local ones like {{refnec|text}}) keep their text.

        The text is read as running text, so a citation inside it ({{cn|... 1223<ref>..</ref>}}) stays a
        citation and its links show their words.
        """
        wrapped = self.wrapped_text(node, kind.text, offset)
        if wrapped is not None:
            self.nodes(*wrapped)
        location = self.collector.lines.locate(offset)
        self.collector.add_anchor(Flag(
            kind.name, kind.family, str(node.name).strip(), location,
            date=param(node, "date"), reason=param(node, "reason"), shown=kind.shown,
        ))
        self.blank = False

    def wrapped_text(self, node: Template, names: tuple[str, ...], offset: int) -> tuple[Wikicode, int] | None:
        """The first of a flag's text parameters that holds words, with where its value starts."""
        if not names:  # most flags wrap no text
            return None
        values = {name: (value, at) for name, value, at in parameter_offsets(node, offset, self.size)}
        for name in names:
            if name in values and values[name][0].strip_code().strip():
                return values[name]
        return None

    def wikilink(self, node: Wikilink, offset: int) -> None:
        """Links show their text; files give caption claims; categories and interwikis vanish."""
        title = text_of(node.title)
        named = ":" in title  # a file, category or interwiki link names its namespace or language before a colon
        if named and _MEDIA.match(title):
            self.caption(node, offset)
        elif named and _SKIP_LINK.match(title) and not title.lstrip().startswith(":"):
            return
        elif node.text is not None:
            start = self.collector.length
            self.nodes(node.text, offset + 3 + len(title))
            self.collector.protect(start, link=True)
            self.blank = False
        else:
            # [[bull<!-- -->]]s shows "bull"; [[Verhofstadt&nbsp;III Government]] shows the entity as its character
            if "&" in title or "<!--" in title:  # else no entity or comment is in it: it shows as written
                title = "".join(n.normalize() if isinstance(n, HTMLEntity) else str(n)
                                for n in node.title.nodes if not isinstance(n, Comment))
            shown = title.lstrip(":").split("#")[0] or title
            self.collector.add_text(shown, offset + 2, link=True)
            self.note_plain(shown)
            self.blank = False

    def gallery(self, node: Tag, offset: int) -> None:
        """A <gallery>: each line is an image, its caption a caption claim (the gallery's caption= is a title)."""
        self.collector.end_block()
        if node.contents is None or node.closing_tag is None:
            return
        contents = contents_at(node, offset, self.size)
        for link, at in self.galleries.images(node):
            self.caption(link, contents + at, alone=True)

    def image_set(self, node: Template, offset: int) -> None:
        """{{multiple image}}, {{gallery}}: each image's caption and the footer are caption claims, with their
        citations (in {{gallery}}, a positional parameter after a file is its caption)."""
        self.collector.end_block()
        after_file = False
        for name, value, start in parameter_offsets(node, offset, self.size):
            positional = name.isdigit()
            caption = after_file if positional else bool(_IMAGE_SET_CAPTION.fullmatch(name))
            after_file = positional and not after_file and bool(_MEDIA.match(text_of(value)))
            if caption and value.strip_code().strip():  # no block is open here: each caption ends its own
                self.collector.start_block(CAPTION, start)
                self.nodes(value, start)
                self.close_styles()
                self.collector.end_block()

    def caption(self, node: Wikilink, offset: int, alone: bool = False) -> None:
        """An image's caption is its last part between pipes that is not an image option (alt=, upright, 200px).

        MediaWiki reads it so: ``[[File:x.jpg|thumb|The caption.|alt=A drawing]]`` is captioned "The caption."
        ``alone``: the caption is parsed on its own (a gallery's), so its open bold and italic close with it.
        """
        if node.text is None:
            return
        nodes = node.text.nodes
        part = next((p for p in reversed(pipe_parts(nodes)) if p[4].strip() and not _IMAGE_OPTION.match(p[4])), None)
        if part is None:
            return
        first, cut, last, end, _ = part
        start = offset + 3 + self.size(node.title) + sum(self.size(n) for n in nodes[:first]) + cut
        saved = self.collector.block
        self.collector.block = None
        self.collector.start_block(CAPTION, start)
        position = start
        for i in range(first, last + 1):
            child = nodes[i]
            if isinstance(child, Text) and i in (first, last):
                value = child.value[cut if i == first else 0:end if i == last else None]
                self.text(value, position)
                position += len(value)
                continue
            self.node(child, position)
            position += self.size(child)
        if alone:
            self.close_styles()
        self.collector.end_block()
        self.collector.block = saved

    def quotation(self, code: Wikicode, offset: int, attribution: tuple[tuple[Wikicode, int], ...] = ()) -> None:
        """A block quotation: its sentences are claims of kind quote, with the citations inside them.

        The footnotes of its attribution (a {{quote}}'s source parameters) close its last sentence.
        """
        saved, self.collector.default_kind = self.collector.default_kind, QUOTE
        self.collector.open_quotation(offset)
        self.nodes(code, offset)
        self.close_styles()
        for value, start in attribution:
            self.citations_within(value, start)
        self.collector.close_quotation()
        self.collector.default_kind = saved

    def quote_template(self, node: Template, name: str, offset: int) -> None:
        """{{quote}}, {{cquote}}, {{quote box}}, ...: the quoted text, then the citations of its attribution."""
        values = list(parameter_offsets(node, offset, self.size))
        quoted = next((v for n in _QUOTES[name] for v in values if v[0] == n), None)
        if quoted is not None:
            self.quotation(quoted[1], quoted[2], tuple((v, o) for n, v, o in values if n != quoted[0]))

    def end_paired_quote(self, closer: Template | None = None, offset: int = 0) -> None:
        """{{конец цитаты}} ends the quotation {{начало цитаты}} opened: the footnotes of its attribution
        (источник=) close its last sentence."""
        self.close_styles()
        if closer is not None:
            for _, value, start in parameter_offsets(closer, offset, self.size):
                self.citations_within(value, start)
        self.collector.close_quotation()
        self.collector.default_kind = self.paired_quote[1] if self.paired_quote else PROSE
        self.paired_quote = None

    def wrapped_list(self, node: Template, offset: int) -> None:
        """{{columns-list|colwidth=20em|* a\n* b}}: the list in its last positional parameter, read as if it stood
        on the page."""
        lists = [(v, o) for n, v, o in parameter_offsets(node, offset, self.size) if n.isdigit() and str(v).strip()]
        self.collector.end_block()
        if lists:
            self.nodes(*lists[-1])
            self.collector.end_block()

    def item_list(self, node: Template, offset: int) -> None:
        """{{Ordered list|first item|second item}}: each positional parameter is an item (kind list)."""
        kind = WORK if self.works_level else LIST
        for name, value, start in parameter_offsets(node, offset, self.size):
            if name.isdigit() and str(value).strip():
                self.collector.start_block(kind, start)
                self.nodes(value, start)
        self.collector.end_block()

    def citations_within(self, code: Wikicode, offset: int) -> None:
        """Anchor the footnotes that stand in ``code`` (refs, sfn), where they stand."""
        for child in code.nodes:
            if isinstance(child, (Tag, Template)) and self.labels.citations_of(child):
                self.citation(child, offset)
            offset += self.size(child)


#: What ProseReader.node reads each kind of node with (besides text and headings).
_READERS = {Tag: ProseReader.tag, Template: ProseReader.template, Wikilink: ProseReader.wikilink,
            ExternalLink: ProseReader.external_link, HTMLEntity: ProseReader.entity}
