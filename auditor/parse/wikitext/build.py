"""A faster builder for mwparserfromhell's parse tree.

mwparserfromhell parses in two steps: its C tokenizer turns the text into a
list of tokens (about a sixth of the time), then a pure-Python Builder turns
the tokens into nodes (the rest). The Builder pops tokens one by one off a
reversed list and builds every node through its public constructor, whose
property setters re-check each value and call ``parse_anything`` (which runs
four imports per call). An audit reads the tree and never edits it, so this
module builds the same nodes directly: same classes, same fields, same tree.

The nodes' private field names are those of the mwparserfromhell versions in
``VERIFIED``; any other version is parsed by the library's own Builder. The
trees are compared node by node with the library's on every fixture and on
fuzzed input (tests/test_build.py).
"""

from __future__ import annotations

from functools import cache

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument, Comment, ExternalLink, Heading, HTMLEntity, Tag, Template, Text, Wikilink,
)
from mwparserfromhell.nodes.extras import Attribute, Parameter
from mwparserfromhell.parser import ParserError, tokens as t
from mwparserfromhell.smart_list import SmartList
from mwparserfromhell.wikicode import Wikicode

#: Versions whose node fields this builder was checked against.
VERIFIED = ("0.7.",)


def supported() -> bool:
    """Whether the installed mwparserfromhell is one this builder was checked against, with its C tokenizer."""
    return _tokenizer(mwparserfromhell.__version__) is not None


@cache
def _tokenizer(version: str):
    """The C tokenizer class for a verified version; None otherwise, or where only the slow pure-Python
    tokenizer is installed (the library's own parse is then used)."""
    if not version.startswith(VERIFIED):
        return None
    try:
        from mwparserfromhell.parser._tokenizer import CTokenizer
    except ImportError:
        return None
    return CTokenizer


def parse(text: str, skip_style_tags: bool = False) -> Wikicode:
    """Parse ``text`` into the tree mwparserfromhell.parse would return."""
    return parse_measured(text, skip_style_tags)[0]


def parse_measured(text: str, skip_style_tags: bool = False,
                   tokens: list | None = None) -> tuple[Wikicode, dict[int, int], list | None]:
    """The tree of ``text``, the length of the text of its nodes and node lists, by ``id`` (Text nodes
    not included: their value's length is at hand), so readers find offsets without stringifying subtrees,
    and the builder's marks (see _Builder.marks).

    The lengths are ``len(str(x))``, summed while building (an empty dict and no marks where the library
    builds the tree). ``tokens``, where given, is handed the token list the tree was built from (for a
    caller that holds it: parse.hold_trees).
    """
    tokenizer = _tokenizer(mwparserfromhell.__version__)
    if tokenizer is None:
        return mwparserfromhell.parse(text, skip_style_tags=skip_style_tags), {}, None
    builder = _Builder(tokenizer().tokenize(text, 0, skip_style_tags))
    code = builder.build()
    if tokens is not None:
        tokens.append(builder.tokens)
    return code, builder.sizes, builder.marks


_new_list, _new_code, _new_text, _TEXT = list.__new__, Wikicode.__new__, Text.__new__, t.Text
_SEPARATOR, _EQUALS = t.TemplateParamSeparator, t.TemplateParamEquals
_LINK_SEPARATOR, _LINK_CLOSE = t.WikilinkSeparator, t.WikilinkClose


def _code(nodes: list) -> Wikicode:
    """A Wikicode of ``nodes``: the SmartList made as SmartList.__new__ makes it, without its Python call."""
    smart = _new_list(SmartList)
    smart._children = {}
    list.extend(smart, nodes)
    code = Wikicode.__new__(Wikicode)
    code._nodes = smart
    return code


def _text(value: str) -> Text:
    node = Text.__new__(Text)
    node._value = value
    return node


def _measured_code(text: str | None, sizes: dict[int, int]) -> Wikicode:
    """A node list of one text node (none for None), its length kept: what until and code build for a part
    that holds only a text token, or nothing."""
    smart = _new_list(SmartList)
    smart._children = {}
    if text is not None:
        node = _new_text(Text)
        node._value = text
        list.append(smart, node)
    code = _new_code(Wikicode)
    code._nodes = smart
    sizes[id(code)] = 0 if text is None else len(text)
    return code


def _plain_parameter(template: Template, key: str, value: str | None, sizes: dict[int, int]) -> int:
    """Adds ``| key = value`` of text alone (or no value: None) to the template, as the general path of
    _Builder.template builds it; the length it adds."""
    param = Parameter.__new__(Parameter)
    param._name, param._value, param._showkey = _measured_code(key, sizes), _measured_code(value, sizes), True
    template._params.append(param)
    return 2 + len(key) + (0 if value is None else len(value))


def _positional(default: int, value: str, sizes: dict[int, int]) -> Parameter:
    """A positional parameter of text alone, numbered ``default``: its key is not measured (as in the general
    path: a positional key is never written)."""
    param = Parameter.__new__(Parameter)
    param._name, param._value, param._showkey = _code([_text(str(default))]), _measured_code(value, sizes), False
    return param


def _closing_markup(token, opening: str | None) -> str | None:
    """A closing token's wiki markup: none given keeps the opening's; an empty one means none."""
    markup = token.get("wiki_markup")
    if markup is None:
        return opening
    return str(markup) if markup else None


_PARAM_STOP = (t.TemplateParamEquals, t.TemplateParamSeparator, t.TemplateClose)
_VALUE_STOP = (t.TemplateParamSeparator, t.TemplateClose)
_ARG_STOP = (t.ArgumentSeparator, t.ArgumentClose)
_LINK_STOP = (t.WikilinkSeparator, t.WikilinkClose)
_EXT_STOP = (t.ExternalLinkSeparator, t.ExternalLinkClose)
_ATTR_STOP = (t.TagAttrEquals, t.TagAttrQuote, t.TagAttrStart, t.TagCloseOpen, t.TagCloseSelfclose)
_TAG_STOP = (t.TagAttrStart, t.TagCloseOpen, t.TagOpenClose, t.TagCloseSelfclose, t.TagCloseClose)


class _Builder:
    """Builds nodes from a token list, walking it once by index.

    It also keeps ``marks``: every template and every HTML-style tag a reader can see (inside parameter
    values, tag contents, link texts and titles, headings; not in names, keys, link targets, attributes,
    arguments or comments, which nodes.children_at does not enter), in document order, each as
    ``[node, offset, end]``: where its text starts (as ``str`` of the tree writes it) and the index past
    the marks inside it. The footnote pass reads these instead of walking the tree (tables, list items and
    other wiki-markup tags are left out: their names are never a footnote's).

    A handler is given where its node starts in the node list being built, and leaves the marks it makes
    counted from that list's start; whoever built the list moves them by where the list starts in its own
    node (``moved``), and so on up to the tree. So positions are added only where there are marks (most
    node lists hold none, and an addition past 256 makes a new int); ``marked`` counts them, since
    ``len(marks)`` makes a new int each time past 256 marks. A mark made in a part that turns out unseen
    (a parameter is a key only once its ``=`` comes) is dropped by cutting the list back (``drop``): it is
    the tail.
    """

    def __init__(self, tokens: list) -> None:
        self.tokens = tokens
        self.at = 0
        self.sizes: dict[int, int] = {}  # len(str(x)) of each node and node list built, by id (not Text)
        self.marks: list[list] = []
        self.marked = 0  # len(self.marks)

    def build(self) -> Wikicode:
        """The tree: the top level read as ``until`` reads a construct, up to an end token put after the
        last one (the token list is the builder's own), so its text nodes take until's fast path too."""
        self.tokens.append(_END)
        nodes, _stop, size = self.until((_End,))
        return self.code(nodes, size)

    def code(self, nodes: list, size: int) -> Wikicode:
        """A node list, its text's length kept (as _code, written out: there is one per node list)."""
        smart = _new_list(SmartList)
        smart._children = {}
        list.extend(smart, nodes)
        code = _new_code(Wikicode)
        code._nodes = smart
        self.sizes[id(code)] = size
        return code

    def node(self, token, start: int):
        """The node ``token`` opens, whose text starts at ``start``."""
        kind = type(token)
        if kind is t.Text:
            return _text(token["text"])
        handler = _HANDLERS.get(kind)
        if handler is None:
            raise ParserError(f"unexpected token {kind.__name__}")
        return handler(self, token, start)

    def until(self, stops: tuple) -> tuple[list, object, int]:
        """Nodes up to the next token of a type in ``stops``: the nodes, that token and their text's length.

        The builder's inner loop, so written for speed: the index is a local while text tokens are read,
        and a Text node is made in place (most tokens are text).
        """
        nodes, tokens, size, sizes, at, handlers = [], self.tokens, 0, self.sizes, self.at, _HANDLERS
        while True:
            token = tokens[at]  # the end token stops every construct left open: see _unclosed
            at += 1
            kind = type(token)
            if kind is _TEXT:
                node = _new_text(Text)
                node._value = text = token["text"]
                nodes.append(node)
                size += len(text)
            elif kind in stops:
                self.at = at
                return nodes, token, size
            else:
                self.at = at
                handler = handlers.get(kind)  # as node(), without its call
                if handler is None:
                    raise ParserError(f"unexpected token {kind.__name__}")
                node = handler(self, token, size)
                at = self.at
                nodes.append(node)
                size += sizes[id(node)]

    def moved(self, seen: int, by: int) -> int:
        """Moves the marks past the first ``seen`` by ``by`` (from where a node list starts to where its
        node starts); the number of marks."""
        marks = self.marks
        for at in range(seen, self.marked):
            marks[at][1] += by
        return self.marked

    def drop(self, seen: int) -> None:
        """Drops the marks past the first ``seen``: they were made where no reader looks."""
        del self.marks[seen:]
        self.marked = seen

    def measured(self, node, size: int):
        """``node``, its text's length kept."""
        self.sizes[id(node)] = size
        return node

    def template(self, _token, start: int) -> Template:
        mark = [None, start, 0]
        self.marks.append(mark)
        self.marked = seen = self.marked + 1
        nodes, stop, size = self.until(_VALUE_STOP)
        if self.marked != seen:
            self.drop(seen)  # in the name
        node = Template.__new__(Template)
        node._name, node._params = self.code(nodes, size), []
        total = 4 + size  # {{ }}
        default = 1
        tokens, sizes = self.tokens, self.sizes
        while type(stop) is _SEPARATOR:
            at = self.at
            first = tokens[at]
            second = tokens[at + 1] if type(first) is _TEXT else None  # a text token is never the last (_END)
            if type(second) is _EQUALS:  # key = ..., most parameters of most templates
                value = tokens[at + 2]
                kind = type(value)
                if kind is _TEXT and type(tokens[at + 3]) in _VALUE_STOP:  # | key = text: read here, as until would
                    total += _plain_parameter(node, first["text"], value["text"], sizes)
                    self.at, stop = at + 4, tokens[at + 3]
                    continue
                if kind in _VALUE_STOP:  # | key = (nothing)
                    total += _plain_parameter(node, first["text"], None, sizes)
                    self.at, stop = at + 3, value
                    continue
            elif type(second) in _VALUE_STOP:  # | text, a positional parameter
                node._params.append(_positional(default, first["text"], sizes))
                default += 1
                total += 1 + len(first["text"])
                self.at, stop = at + 2, second
                continue
            key, showkey = None, False
            nodes, stop, size = self.until(_PARAM_STOP)
            while type(stop) is t.TemplateParamEquals:
                if self.marked != seen:
                    self.drop(seen)  # in a key
                key, showkey, key_size = self.code(nodes, size), True, size
                nodes, stop, size = self.until(_PARAM_STOP)
            if key is None:
                key = _code([_text(str(default))])
                default += 1
            param = Parameter.__new__(Parameter)
            param._name, param._value, param._showkey = key, self.code(nodes, size), showkey
            if self.marked != seen:  # the value starts past }} - 2, | and key =
                seen = self.moved(seen, start + total - 1 + (key_size + 1 if showkey else 0))
            total += 1 + size + (key_size + 1 if showkey else 0)  # | key = value
            node._params.append(param)
        mark[0], mark[2] = node, seen
        sizes[id(node)] = total
        return node

    def parts(self, stops: tuple, start: int) -> tuple[Wikicode, Wikicode | None, list]:
        """A construct split by its separator (``stops[0]``) up to its close (``stops[1]``), its text
        starting at ``start``.

        As the library's builder keeps them: the part before the last separator and the part after it
        (the first part alone when there is none), and the separator tokens seen. The first part (a link's
        target, an argument's name) is one no reader looks inside: its marks are dropped.
        """
        seen = self.marked
        nodes, stop, size = self.until(stops)
        if self.marked != seen:
            self.drop(seen)
        first, second, separators = self.code(nodes, size), None, []
        while type(stop) is stops[0]:
            separators.append(stop)
            if second is not None:
                first, size = second, more
                self.drop(seen)
            nodes, stop, more = self.until(stops)
            second = self.code(nodes, more)
            if self.marked != seen:  # an external link's separator may be no space
                self.moved(seen, start + size + (separators[-1].get("suppress_space") is not True))
        return first, second, separators

    def _size(self, code: Wikicode | None) -> int:
        return 0 if code is None else self.sizes[id(code)]

    def argument(self, _token, start: int) -> Argument:
        seen = self.marked
        node = Argument.__new__(Argument)
        node._name, node._default, _ = self.parts(_ARG_STOP, start + 3)
        self.drop(seen)  # no reader looks inside an argument
        default = node._default
        return self.measured(node, 6 + self._size(node._name) + (1 + self._size(default) if default is not None else 0))

    def wikilink(self, _token, start: int) -> Wikilink:
        tokens, at = self.tokens, self.at
        first = tokens[at]
        if type(first) is _TEXT:  # [[target]] and [[target|text]] of text alone (most links): read here
            second = tokens[at + 1]  # a text token is never the last (_END follows)
            if type(second) is _LINK_CLOSE:
                node = Wikilink.__new__(Wikilink)
                node._title, node._text = _measured_code(first["text"], self.sizes), None
                self.at = at + 2
                self.sizes[id(node)] = 4 + len(first["text"])
                return node
            if type(second) is _LINK_SEPARATOR and type(tokens[at + 2]) is _TEXT and type(tokens[at + 3]) is _LINK_CLOSE:
                node = Wikilink.__new__(Wikilink)
                text = tokens[at + 2]["text"]
                node._title, node._text = _measured_code(first["text"], self.sizes), _measured_code(text, self.sizes)
                self.at = at + 4
                self.sizes[id(node)] = 5 + len(first["text"]) + len(text)
                return node
        node = Wikilink.__new__(Wikilink)
        node._title, node._text, _ = self.parts(_LINK_STOP, start + 2)
        text = node._text
        return self.measured(node, 4 + self._size(node._title) + (1 + self._size(text) if text is not None else 0))

    def external_link(self, token, start: int) -> ExternalLink:
        node = ExternalLink.__new__(ExternalLink)
        node._url, node._title, separators = self.parts(_EXT_STOP, start + bool(token.get("brackets")))
        suppress = separators[-1].get("suppress_space") if separators else None
        node._brackets, node.suppress_space = bool(token.get("brackets")), suppress is True
        size = self._size(node._url)
        if node._brackets:  # [url title], [url] (no space before the title when suppressed)
            size += 2 + (self._size(node._title) + (not node.suppress_space) if node._title is not None else 0)
        return self.measured(node, size)

    def entity(self, _token, _start: int) -> HTMLEntity:
        node = self._entity()
        return self.measured(node, len(str(node)))

    def _entity(self) -> HTMLEntity:
        tokens = self.tokens
        token = tokens[self.at]
        self.at += 1
        if type(token) is t.HTMLEntityNumeric:
            token = tokens[self.at]
            self.at += 1
            if type(token) is t.HTMLEntityHex:
                text = tokens[self.at]
                self.at += 2  # the text, and HTMLEntityEnd
                return HTMLEntity(text["text"], named=False, hexadecimal=True, hex_char=token.get("char"))
            self.at += 1
            return HTMLEntity(token["text"], named=False, hexadecimal=False)
        self.at += 1
        return HTMLEntity(token["text"], named=True, hexadecimal=False)

    def heading(self, token, start: int) -> Heading:
        seen = self.marked
        nodes, _stop, size = self.until((t.HeadingEnd,))
        if self.marked != seen:
            self.moved(seen, start + token["level"])
        node = Heading.__new__(Heading)
        node._title, node._level = self.code(nodes, size), token["level"]
        return self.measured(node, size + 2 * node._level)

    def comment(self, _token, start: int) -> Comment:
        seen = self.marked
        nodes, _stop, _size = self.until((t.CommentEnd,))
        self.drop(seen)
        node = Comment.__new__(Comment)
        node._contents = "".join(str(n) for n in nodes)
        return self.measured(node, 7 + len(node._contents))  # <!-- -->

    def attribute(self, start) -> Attribute:
        """An attribute, from its TagAttrStart token ``start`` (the tag drops the marks made in it)."""
        name = quotes = None
        nodes, stop, size = self.until(_ATTR_STOP)
        name_size = 0
        while True:
            kind = type(stop)
            if kind is t.TagAttrEquals:
                name, name_size = self.code(nodes, size), size
                nodes, size = [], 0
            elif kind is t.TagAttrQuote:
                quotes = stop.get("char")
            else:
                self.at -= 1  # the tag's token: the tag reads it
                break
            more, stop, more_size = self.until(_ATTR_STOP)
            nodes.extend(more)
            size += more_size
        node = Attribute.__new__(Attribute)
        if name:
            node._name, node._value = name, self.code(nodes, size)
        else:
            node._name, node._value, name_size = self.code(nodes, size), None, size
        node._quotes = str(quotes) if quotes else None
        node._pad_first = start.get("pad_first") or ""
        node._pad_before_eq = start.get("pad_before_eq") or ""
        node._pad_after_eq = start.get("pad_after_eq") or ""
        total = len(node._pad_first) + name_size + len(node._pad_before_eq)
        if node._value is not None:  # pad name pad = pad "value"
            total += 1 + len(node._pad_after_eq) + size + 2 * len(node._quotes or "")
        return self.measured(node, total)

    def tag(self, token, start: int) -> Tag:
        wiki_markup = token.get("wiki_markup")
        mark = None
        if not wiki_markup:  # a table's, a list item's: never a footnote's name
            mark = [None, start, 0]
            self.marks.append(mark)
            self.marked += 1
        seen = self.marked
        node = Tag.__new__(Tag)
        node._attrs, node._contents, node._closing_tag = [], None, None
        node._wiki_markup = str(wiki_markup) if wiki_markup else None
        node._closing_wiki_markup = node._wiki_markup
        node._invalid, node._implicit, node._self_closing = bool(token.get("invalid")), False, False
        node._wiki_style_separator, node._padding = None, None
        tag, pending, pending_size = None, [], 0  # the nodes since the last boundary; attributes do not end them
        while True:
            nodes, stop, size = self.until(_TAG_STOP)
            pending.extend(nodes)
            pending_size += size
            kind = type(stop)
            if kind is t.TagAttrStart:
                node._attrs.append(self.attribute(stop))
                continue
            if kind is t.TagCloseOpen:
                separator = stop.get("wiki_markup")
                node._wiki_style_separator = str(separator) if separator else None
                node._padding, tag = stop.get("padding") or "", self.code(pending, pending_size)
                if self.marked != seen:
                    self.drop(seen)  # in the name or attributes
            elif kind is t.TagOpenClose:
                node._closing_wiki_markup = _closing_markup(stop, node._wiki_markup)
                node._contents = self.code(pending, pending_size)
                if self.marked != seen:  # in the contents
                    seen = self.moved(seen, start + self._opening_size(node, tag))
            elif kind is t.TagCloseSelfclose:
                node._closing_wiki_markup = _closing_markup(stop, node._wiki_markup)
                tag, node._self_closing = self.code(pending, pending_size), True
                node._padding, node._implicit = stop.get("padding") or "", bool(stop.get("implicit"))
                if self.marked != seen:
                    self.drop(seen)
                break
            else:
                node._closing_tag = self.code(pending, pending_size)
                if self.marked != seen:
                    self.drop(seen)
                break
            pending, pending_size = [], 0
        if mark is not None:
            mark[0], mark[2] = node, self.marked
        node._tag = tag
        if node._closing_tag is None:
            node._closing_tag = tag
        if node._contents is None:
            node._contents = self.code([], 0)
        return self.measured(node, self._tag_size(node))

    def _tag_size(self, node: Tag) -> int:
        """len(str(node)), as Tag.__str__ writes it, from the lengths of its parts."""
        size = sum(self.sizes[id(a)] for a in node._attrs) + len(node._padding or "")
        if node._wiki_markup:
            size += len(node._wiki_markup) + len(node._wiki_style_separator or "")
            if not node._self_closing:
                size += self.sizes[id(node._contents)] + len(node._closing_wiki_markup or "")
            return size
        size += 1 + node._invalid + self._size(node._tag)  # < or </, and the name
        if node._self_closing:
            return size + (1 if node._implicit else 2)  # > or />
        return size + 1 + self.sizes[id(node._contents)] + 3 + self._size(node._closing_tag)  # > ... </ name >

    def _opening_size(self, node: Tag, tag: Wikicode | None) -> int:
        """The length of what stands before a tag's contents (``tag`` is its name, not yet in the node): as
        _tag_size counts it, up to the contents. Asked only where the contents hold marks (most tags'
        contents hold none, and the call would cost more than the marks it moves)."""
        size = sum(self.sizes[id(a)] for a in node._attrs) + len(node._padding or "")
        if node._wiki_markup:
            return size + len(node._wiki_markup) + len(node._wiki_style_separator or "")
        return size + 2 + node._invalid + self._size(tag)  # < or </, the name, and >


class _End:
    """The token build puts after the last one."""


_END = _End()


def _unclosed(_builder: _Builder, _token: _End, _start: int) -> None:
    """The end token, met inside a construct: its close token is missing."""
    raise ParserError("missed a close token")


_HANDLERS = {
    _End: _unclosed,
    t.TemplateOpen: _Builder.template,
    t.ArgumentOpen: _Builder.argument,
    t.WikilinkOpen: _Builder.wikilink,
    t.ExternalLinkOpen: _Builder.external_link,
    t.HTMLEntityStart: _Builder.entity,
    t.HeadingStart: _Builder.heading,
    t.CommentStart: _Builder.comment,
    t.TagOpenOpen: _Builder.tag,
}
