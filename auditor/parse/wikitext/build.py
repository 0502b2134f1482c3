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


def parse_measured(text: str, skip_style_tags: bool = False) -> tuple[Wikicode, dict[int, int]]:
    """The tree of ``text`` and the length of the text of its nodes and node lists, by ``id`` (Text nodes
    not included: their value's length is at hand), so readers find offsets without stringifying subtrees.

    The lengths are ``len(str(x))``, summed while building (an empty dict where the library builds the tree).
    """
    tokenizer = _tokenizer(mwparserfromhell.__version__)
    if tokenizer is None:
        return mwparserfromhell.parse(text, skip_style_tags=skip_style_tags), {}
    builder = _Builder(tokenizer().tokenize(text, 0, skip_style_tags))
    return builder.build(), builder.sizes


_new_list, _new_code, _new_text, _TEXT = list.__new__, Wikicode.__new__, Text.__new__, t.Text


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
    """Builds nodes from a token list, walking it once by index."""

    def __init__(self, tokens: list) -> None:
        self.tokens = tokens
        self.at = 0
        self.sizes: dict[int, int] = {}  # len(str(x)) of each node and node list built, by id (not Text)

    def build(self) -> Wikicode:
        nodes, tokens, end, size, sizes = [], self.tokens, len(self.tokens), 0, self.sizes
        while self.at < end:
            token = tokens[self.at]
            self.at += 1
            node = self.node(token)
            nodes.append(node)
            size += len(node._value) if type(node) is Text else sizes[id(node)]
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

    def node(self, token):
        kind = type(token)
        if kind is t.Text:
            return _text(token["text"])
        handler = _HANDLERS.get(kind)
        if handler is None:
            raise ParserError(f"unexpected token {kind.__name__}")
        return handler(self, token)

    def until(self, stops: tuple) -> tuple[list, object, int]:
        """Nodes up to the next token of a type in ``stops``: the nodes, that token and their text's length.

        The builder's inner loop, so written for speed: the index is a local while text tokens are read,
        and a Text node is made in place (most tokens are text).
        """
        nodes, tokens, size, sizes, at = [], self.tokens, 0, self.sizes, self.at
        while True:
            try:
                token = tokens[at]
            except IndexError:
                raise ParserError("missed a close token") from None
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
                node = self.node(token)
                at = self.at
                nodes.append(node)
                size += sizes[id(node)]

    def measured(self, node, size: int):
        """``node``, its text's length kept."""
        self.sizes[id(node)] = size
        return node

    def template(self, _token) -> Template:
        nodes, stop, size = self.until(_VALUE_STOP)
        node = Template.__new__(Template)
        node._name, node._params = self.code(nodes, size), []
        total = 4 + size  # {{ }}
        default = 1
        while type(stop) is t.TemplateParamSeparator:
            key, showkey = None, False
            nodes, stop, size = self.until(_PARAM_STOP)
            while type(stop) is t.TemplateParamEquals:
                key, showkey, key_size = self.code(nodes, size), True, size
                nodes, stop, size = self.until(_PARAM_STOP)
            if key is None:
                key = _code([_text(str(default))])
                default += 1
            param = Parameter.__new__(Parameter)
            param._name, param._value, param._showkey = key, self.code(nodes, size), showkey
            total += 1 + size + (key_size + 1 if showkey else 0)  # | key = value
            node._params.append(param)
        return self.measured(node, total)

    def parts(self, stops: tuple) -> tuple[Wikicode, Wikicode | None, list]:
        """A construct split by its separator (``stops[0]``) up to its close (``stops[1]``).

        As the library's builder keeps them: the part before the last separator and the part after it
        (the first part alone when there is none), and the separator tokens seen.
        """
        nodes, stop, size = self.until(stops)
        first, second, separators = self.code(nodes, size), None, []
        while type(stop) is stops[0]:
            separators.append(stop)
            if second is not None:
                first = second
            nodes, stop, size = self.until(stops)
            second = self.code(nodes, size)
        return first, second, separators

    def _size(self, code: Wikicode | None) -> int:
        return 0 if code is None else self.sizes[id(code)]

    def argument(self, _token) -> Argument:
        node = Argument.__new__(Argument)
        node._name, node._default, _ = self.parts(_ARG_STOP)
        default = node._default
        return self.measured(node, 6 + self._size(node._name) + (1 + self._size(default) if default is not None else 0))

    def wikilink(self, _token) -> Wikilink:
        node = Wikilink.__new__(Wikilink)
        node._title, node._text, _ = self.parts(_LINK_STOP)
        text = node._text
        return self.measured(node, 4 + self._size(node._title) + (1 + self._size(text) if text is not None else 0))

    def external_link(self, token) -> ExternalLink:
        node = ExternalLink.__new__(ExternalLink)
        node._url, node._title, separators = self.parts(_EXT_STOP)
        suppress = separators[-1].get("suppress_space") if separators else None
        node._brackets, node.suppress_space = bool(token.get("brackets")), suppress is True
        size = self._size(node._url)
        if node._brackets:  # [url title], [url] (no space before the title when suppressed)
            size += 2 + (self._size(node._title) + (not node.suppress_space) if node._title is not None else 0)
        return self.measured(node, size)

    def entity(self, _token) -> HTMLEntity:
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

    def heading(self, token) -> Heading:
        nodes, _stop, size = self.until((t.HeadingEnd,))
        node = Heading.__new__(Heading)
        node._title, node._level = self.code(nodes, size), token["level"]
        return self.measured(node, size + 2 * node._level)

    def comment(self, _token) -> Comment:
        nodes, _stop, _size = self.until((t.CommentEnd,))
        node = Comment.__new__(Comment)
        node._contents = "".join(str(n) for n in nodes)
        return self.measured(node, 7 + len(node._contents))  # <!-- -->

    def attribute(self, start) -> Attribute:
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

    def tag(self, token) -> Tag:
        wiki_markup = token.get("wiki_markup")
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
            elif kind is t.TagOpenClose:
                node._closing_wiki_markup = _closing_markup(stop, node._wiki_markup)
                node._contents = self.code(pending, pending_size)
            elif kind is t.TagCloseSelfclose:
                node._closing_wiki_markup = _closing_markup(stop, node._wiki_markup)
                tag, node._self_closing = self.code(pending, pending_size), True
                node._padding, node._implicit = stop.get("padding") or "", bool(stop.get("implicit"))
                break
            else:
                node._closing_tag = self.code(pending, pending_size)
                break
            pending, pending_size = [], 0
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


_HANDLERS = {
    t.TemplateOpen: _Builder.template,
    t.ArgumentOpen: _Builder.argument,
    t.WikilinkOpen: _Builder.wikilink,
    t.ExternalLinkOpen: _Builder.external_link,
    t.HTMLEntityStart: _Builder.entity,
    t.HeadingStart: _Builder.heading,
    t.CommentStart: _Builder.comment,
    t.TagOpenOpen: _Builder.tag,
}
