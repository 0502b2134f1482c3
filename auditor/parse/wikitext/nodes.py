"""Small readers of mwparserfromhell nodes that the wikitext modules share."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from mwparserfromhell.nodes import ExternalLink, Heading, HTMLEntity, Node, Tag, Template, Text, Wikilink
from mwparserfromhell.nodes.extras import Parameter
from mwparserfromhell.wikicode import Wikicode


class Measured:
    """How long each node's text is (the builder's lengths, build.parse_measured) and, where the tree is the
    source's own (no guard placeholders), the source: a node's text is then a slice, not a stringification.
    Where the builder made the tree, also its marks: the templates and tags a reader sees, with where they
    stand (build._Builder), so the footnote pass need not walk the tree.

    Nodes the builder did not measure (a gallery's lines, parsed on their own) are measured and read by
    stringifying them. The builder keeps lengths only for objects that stay in the tree, so no id in
    ``sizes`` can come back as another object (tests/test_build.py holds this).
    """

    def __init__(self, sizes: dict[int, int], source: str | None = None, marks: list | None = None) -> None:
        self.sizes = sizes  # len(str(x)) by id, for every node and node list of the tree (not Text)
        self.source = source
        self.marks = marks  # [node, offset, index past the marks inside it], in document order; or None

    @classmethod
    def of(cls, source: str, tree: Wikicode, sizes: dict[int, int], placeholders: bool,
           marks: list | None = None) -> Measured:
        """The lengths of ``tree``, parsed from ``source``, with the source to slice where the tree's text is
        the source: not where the guard left placeholders (they stay in comments), nor where the tokenizer
        dropped a character (it drops NUL)."""
        exact = not placeholders and sizes.get(id(tree)) == len(source)
        return cls(sizes, source if exact else None, marks)

    def size(self, node: object) -> int:
        """len(str(node)), for a node or a node list."""
        if type(node) is Text:
            return len(node.value)
        size = self.sizes.get(id(node))
        return len(str(node)) if size is None else size

    def text(self, node: object, offset: int) -> str:
        """str(node), for a node or node list whose text starts at ``offset`` in the source."""
        size = self.sizes.get(id(node))
        if size is None or self.source is None:
            return str(node)
        return self.source[offset:offset + size]


def contents_at(tag: Tag, offset: int, size: Callable[[object], int]) -> int:
    """Where the contents of a tag standing at ``offset`` start (``size`` as Measured.size): before the
    closing markup, ``</name>`` or a wiki tag's own (a table's ``|}``)."""
    if tag.self_closing:
        close = 0
    elif tag.wiki_markup:
        close = len(tag.closing_wiki_markup or "")
    else:
        close = size(tag.closing_tag) + 3 if tag.closing_tag is not None else 0
    return offset + size(tag) - size(tag.contents) - close


def parameters_at(template: Template, offset: int, size: Callable[[object], int]) -> Iterator[tuple[Parameter, int]]:
    """Each parameter of a template standing at ``offset``, with where its value starts."""
    position = offset + 2 + size(template.name)
    for parameter in template.params:
        position += 1  # the pipe
        if parameter.showkey:
            position += size(parameter.name) + 1
        yield parameter, position
        position += size(parameter.value)


def children_at(node: Node, offset: int, size: Callable[[object], int]) -> list[tuple[Wikicode, int]]:
    """The wikitext a reader can see inside a node, in order, each with where its text starts, for a node
    standing at ``offset`` (``size`` as Measured.size): a template's parameter values, a tag's contents, a
    link's text or title, a heading's title (no names, link targets or attributes; mwparserfromhell's own
    ``__children__`` yields those too). The one rule of what readers enter: the builder's marks follow it."""
    kind = type(node)
    if kind is Template:
        return [(parameter.value, at) for parameter, at in parameters_at(node, offset, size)]
    if kind is Tag:
        return [] if node.contents is None else [(node.contents, contents_at(node, offset, size))]
    if kind is Wikilink:
        return [] if node.text is None else [(node.text, offset + 3 + size(node.title))]
    if kind is ExternalLink:  # [url title], or [urltitle] when the space is suppressed
        return [] if node.title is None else [(node.title, offset + 2 - node.suppress_space + size(node.url))]
    if kind is Heading:
        return [(node.title, offset + node.level)]
    return []  # text, comments, entities, arguments: nothing a reader sees inside


_QUOTE_RUN = re.compile(r"'{2,}")


#: Tag text the tokenizer left as text (a tag it could not pair: a stray ``</gallery>`` after a nested gallery, an
#: unclosed ``<span>``, a ``</ref>`` whose opener is gone): the names of MediaWiki's HTML tags (Sanitizer) and of
#: the extension tags of the larger wikis. The page shows such an HTML tag as nothing (its tree builder drops an
#: end tag it cannot match) and such an extension tag as the tag's own text; either is markup, not words.
_TAG_TEXT = re.compile(
    r"</?(?:abbr|bdi|bdo|big|blockquote|br|caption|center|cite|code|data|dd|del|dfn|div|dl|dt|em|font|h[1-6]|hr"
    r"|ins|kbd|li|mark|ol|p|pre|q|rb|rp|rt|rtc|ruby|s|samp|small|span|strike|strong|sub|sup|table|td|th|time|tr"
    r"|tt|u|ul|var|wbr|b|i|ref|references|gallery|poem|math|chem|ce|nowiki|score|syntaxhighlight|source"
    r"|timeline|graph|mapframe|maplink|templatedata|templatestyles|includeonly|noinclude|onlyinclude|imagemap"
    r"|hiero|inputbox|categorytree|section|indicator|charinsert)(?![\w-])[^<>]*>",
    re.I,
)


def without_tag_text(pieces: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """quote_runs' pieces with the tag text in their text cut out (``_TAG_TEXT``): "</gallery>" is no claim,
    "It has a port.</ref> Next" reads "It has a port. Next"."""
    kept: list[tuple[str, int, str]] = []
    for kind, at, piece in pieces:
        if kind != "text" or "<" not in piece:
            kept.append((kind, at, piece))
            continue
        done = 0
        for match in _TAG_TEXT.finditer(piece):
            if match.start() > done:
                kept.append((kind, at + done, piece[done:match.start()]))
            done = match.end()
        if done < len(piece):
            kept.append((kind, at + done, piece[done:]))
    return kept


def quote_runs(line: str, italic_open: bool = False, bold_open: bool = False) -> list[tuple[str, int, str]]:
    """A line cut into ("text", offset, text) and ("style", offset, marks) pieces, as MediaWiki reads quotes.

    A run of 2 is italic, 3 bold, 5 both; 4 is an apostrophe then bold, more than 5 apostrophes then both.
    When a line would leave both italic and bold open, one bold run is an apostrophe then italic
    (a possessive after an italic title shows "Star's"), the run after a one-letter word first, then one
    after a word. ``italic_open`` and ``bold_open`` say what earlier parts of the line left open.
    """
    if "''" not in line:
        return [("text", 0, line)]
    runs = [[m.start(), m.group()] for m in _QUOTE_RUN.finditer(line)]
    for run in runs:
        if len(run[1]) == 4 or len(run[1]) > 5:
            extra = len(run[1]) - (3 if len(run[1]) == 4 else 5)
            run[0], run[1] = run[0] + extra, run[1][extra:]
    italics = italic_open + sum(len(r[1]) in (2, 5) for r in runs)
    bolds = bold_open + sum(len(r[1]) in (3, 5) for r in runs)
    if italics % 2 and bolds % 2:
        threes = [r for r in runs if len(r[1]) == 3 and r[0] > 0]
        one_letter = [r for r in threes if r[0] < 2 or line[r[0] - 2] == " "]
        word = [r for r in threes if line[r[0] - 1] != " "]
        chosen = (one_letter or word or threes or [None])[0]
        if chosen is not None:
            chosen[0], chosen[1] = chosen[0] + 1, "''"
    pieces: list[tuple[str, int, str]] = []
    done = 0
    for start, marks in runs:
        if start > done:
            pieces.append(("text", done, line[done:start]))
        pieces.append(("style", start, marks))
        done = start + len(marks)
    if done < len(line):
        pieces.append(("text", done, line[done:]))
    return pieces


def strip_quotes(text: str) -> str:
    """Drop bold and italic quote markup (the parse keeps it as text)."""
    return text.replace("\'\'\'", "").replace("\'\'", "")


def text_of(code: Wikicode) -> str:
    """str(code), without the generic walk for the common node lists: none, or one text node (most template
    names and parameters, tag names and attribute values).

    It reads the fields behind the ``nodes`` and ``value`` properties (``_nodes``, ``_value``: those of every
    mwparserfromhell version since 0.1), as the builder writes them: each property is a Python call, and the
    readers ask this of every parameter of every citation template (7,400 times on United-Kingdom.wiki)."""
    nodes = code._nodes
    if len(nodes) == 1:
        for node in nodes:  # iterating a SmartList is the list's own; indexing it is a Python call
            if type(node) is Text:
                return node._value
    elif not nodes:
        return ""
    return str(code)


def named(template: Template) -> dict[str, Parameter]:
    """A template's parameters by stripped name, the last of a repeated name winning (as Template.get)."""
    return {text_of(parameter.name).strip(): parameter for parameter in template.params}


def param(template: Template, *names: str) -> str | None:
    """The stripped value of the first of ``names`` the template has, or None (Template.has and .get, read once)."""
    parameters = named(template)
    for name in names:
        parameter = parameters.get(name.strip())
        if parameter is not None:
            value = text_of(parameter.value).strip()
            if value:
                return value
    return None


def templates(code: Wikicode, marks: list | None = None) -> Iterator[Template]:
    """Every template where a reader could see it (children_at), in document order, nested ones too:
    from the builder's marks of the tree ``code`` where there are some, else by a walk of it.

    Like ``code.filter_templates()`` without templates in names and attributes, at a fraction of its
    cost (its generic walk asks every node for its children).
    """
    if marks is not None:
        yield from (node for node, _, _ in marks if type(node) is Template)
        return
    for node in code.nodes:
        if isinstance(node, Template):
            yield node
        for inner, _ in children_at(node, 0, _unmeasured):
            yield from templates(inner)


def _unmeasured(_node: object) -> int:
    """No length: for walks by children_at that read no offsets."""
    return 0


def parameter_offsets(template: Template, offset: int,
                      size: Callable[[object], int]) -> Iterator[tuple[str, Wikicode, int]]:
    """Each parameter of a template standing at ``offset``: its name, its value and the value's offset."""
    for parameter, position in parameters_at(template, offset, size):
        yield text_of(parameter.name).strip(), parameter.value, position


def template_params(template: Template) -> dict[str, str]:
    """A template's parameters as plain strings (names and values stripped)."""
    return {text_of(p._name).strip(): text_of(p._value).strip() for p in template._params}  # as text_of reads


def attrs(node: Tag, *names: str) -> list[str | None]:
    """The value of each of ``names`` among a tag's attributes, stripped of quotes, or None: the last attribute
    of that name, as Tag.get reads it (an attribute without a value reads "None", as str(None)). The attributes
    are read once for all the names (a <ref> is asked its name, group and follow)."""
    found = {text_of(attribute._name): attribute for attribute in node._attrs}  # the last of a name wins
    values: list[str | None] = []
    for name in names:
        attribute = found.get(name.strip())
        if attribute is None:
            values.append(None)
            continue
        value = attribute._value
        value = (text_of(value) if value is not None else "None").strip().strip("\"'").strip()
        values.append(value or None)
    return values


def shown_entity(node: HTMLEntity) -> str:
    """What a reader sees of an entity: the character it stands for (&nbsp;, &#8212;), or, for a numeric
    reference to a code point MediaWiki refuses (a surrogate, a control character, a non-character:
    Sanitizer::validateCodepoint), the reference as written, as the rendered page shows it."""
    if node.named:
        return node.normalize()
    value = int(node.value, 16 if node.hexadecimal else 10)
    if 0x20 <= value <= 0xD7FF or 0xE000 <= value <= 0xFFFD or 0x10000 <= value <= 0x10FFFF or value in (9, 10, 13):
        return chr(value)
    return str(node)


def plain(code: Wikicode, nested: Callable[[Template], str]) -> str:
    """The text a reader sees of a piece of wikitext: links by their text, tags by their content, no
    comments or refs, and each nested template as ``nested`` renders it ("" for none)."""
    parts = []
    for node in code.nodes:
        if isinstance(node, Text):
            parts.append(node.value)
        elif isinstance(node, Template):
            parts.append(nested(node) or ("\ufffc" if parts and parts[-1].endswith("[") else ""))
        elif isinstance(node, Wikilink):
            parts.append(plain(node.text, nested) if node.text is not None else str(node.title).lstrip(":"))
        elif isinstance(node, ExternalLink):
            parts.append(plain(node.title, nested) if node.title is not None else "" if node.brackets else str(node.url))
        elif isinstance(node, HTMLEntity):
            parts.append(shown_entity(node))
        elif isinstance(node, Tag):
            name = text_of(node.tag).strip().lower()
            if name == "br":
                parts.append(" ")
            elif name != "ref" and node.contents is not None:
                parts.append(plain(node.contents, nested))
    text = "".join(parts)
    if "\ufffc" in text:  # [{{google books|...|plainurl=yes}} 392]: a link whose URL a template writes shows its label
        text = _TEMPLATED_LINK.sub(r"\1", text).replace("\ufffc", "")
    return strip_quotes(text)


_TEMPLATED_LINK = re.compile(r"\[\ufffc\s+([^\[\]]*)\]")


def plain_arguments(template: Template, nested: Callable[[Template], str]) -> tuple[list[str], dict[str, str]]:
    """A template's positional arguments (1, 2, ...; explicit ``2=`` too) and named ones, as plain text."""
    numbered: dict[int, str] = {}
    named: dict[str, str] = {}
    for parameter in template.params:
        key = text_of(parameter.name).strip()
        value = plain(parameter.value, nested).strip()
        if key.isdigit() and int(key) > 0:
            numbered[int(key)] = value
        else:
            named[key] = value
    return [numbered.get(i, "") for i in range(1, max(numbered, default=0) + 1)], named


def pipe_parts(nodes: list) -> list[tuple[int, int, int, int, str]]:
    """The parts of a file link's text between its top-level pipes (pipes inside links or templates belong to
    them): (first node, where the part starts in it, last node, where it ends in it, the part's wikitext)."""
    parts, first, cut = [], 0, 0
    for i, child in enumerate(nodes):
        if isinstance(child, Text):
            for j, char in enumerate(child.value):
                if char == "|":
                    parts.append((first, cut, i, j))
                    first, cut = i, j + 1
    if nodes:
        parts.append((first, cut, len(nodes) - 1, len(str(nodes[-1]))))
    return [(a, c, b, e, _part_text(nodes, a, c, b, e)) for a, c, b, e in parts]


def _part_text(nodes: list, first: int, cut: int, last: int, end: int) -> str:
    """The wikitext of nodes[first][cut:] ... nodes[last][:end]."""
    if first == last:
        return str(nodes[first])[cut:end]
    return str(nodes[first])[cut:] + "".join(str(n) for n in nodes[first + 1:last]) + str(nodes[last])[:end]


class Galleries:
    """The captioned images of each <gallery> of one page, read once so that both passes see the same nodes.

    The tokenizer leaves a gallery's lines as text (they are not wikitext to it); each line with a pipe is read
    here as the file link it stands for, ``File:x.jpg|A caption.`` as ``[[File:x.jpg|A caption.]]``, its bold
    and italic quotes left as text like the page's (``parse(text, skip_style_tags=True)``): the prose reader
    reads them, and a quote node it does not read would drop the title ``''Young Herdsman''`` and cut the caption.
    """

    def __init__(self, parse: Callable[..., Wikicode]) -> None:
        self._parse = parse
        self._images: dict[int, tuple[tuple[Wikilink, int], ...]] = {}

    def images(self, tag: Tag) -> tuple[tuple[Wikilink, int], ...]:
        """Each captioned line of the gallery: (the line as a file link, where ``[[`` would stand in the text
        of the tag's contents: two before the line)."""
        if id(tag) not in self._images:
            found, position = [], 0
            for line in str(tag.contents or "").split("\n"):
                if "|" in line:
                    code = self._parse("[[" + line + "]]", skip_style_tags=True)
                    if len(code.nodes) == 1 and isinstance(code.nodes[0], Wikilink):
                        found.append((code.nodes[0], position - 2))
                position += len(line) + 1
            self._images[id(tag)] = tuple(found)
        return self._images[id(tag)]
