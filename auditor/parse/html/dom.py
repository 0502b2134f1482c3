"""The HTML document: the only module that imports selectolax (the lexbor HTML5 engine).

Everything else in the HTML reader sees nodes only through these functions, so the library can be
replaced here alone. lexbor builds the tree as a browser does (unclosed tags closed, misnested tags
mended) without a depth limit, and the walks here are iterative, so 10,000-deep nesting costs time
in proportion, never a RecursionError. Nothing is ever executed: scripts are nodes like any other.
"""

from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

Node = LexborNode
TEXT = "-text"


class Document:
    """A parsed page; keeps the parser alive as long as its nodes are used."""

    def __init__(self, html: str) -> None:
        self.tree = LexborHTMLParser(html)

    def content(self) -> Node:
        """The article's content: ``.mw-parser-output`` of a saved page or a Parsoid body, else the body.

        A page saved before 2017 has no ``.mw-parser-output``: its content is ``#mw-content-text`` alone, and
        the skin around it (navigation, tools, footer) is no part of the article.
        """
        for selector in ("#mw-content-text .mw-parser-output", ".mw-parser-output", "#mw-content-text", "body"):
            node = self.tree.css_first(selector)
            if node is not None:
                return node
        return self.tree.root

    def title(self) -> str | None:
        """The page's title element's text, if it has one."""
        node = self.tree.css_first("title")
        return node.text(deep=True).strip() if node is not None else None


def tag(node: Node) -> str:
    """The element's tag name, ``-text`` for text and ``-comment`` for comments."""
    return node.tag


def is_text(node: Node) -> bool:
    """Whether a node is text."""
    return node.tag == TEXT


def text(node: Node) -> str:
    """The text of a text node."""
    return node.text_content or ""


def attr(node: Node, name: str) -> str | None:
    """One attribute's value (None when absent)."""
    return node.attributes.get(name)


def children(node: Node) -> list[Node]:
    """The node's children, in order."""
    out = []
    child = node.child
    while child is not None:
        out.append(child)
        child = child.next
    return out


def parent(node: Node) -> Node | None:
    """The node's parent."""
    return node.parent


def following(node: Node) -> Iterator[Node]:
    """The node's later siblings, in order."""
    sibling = node.next
    while sibling is not None:
        yield sibling
        sibling = sibling.next


def find(node: Node, selector: str) -> list[Node]:
    """Descendants matching a CSS selector, once each, in document order."""
    seen: set[int] = set()
    found = []
    for match in node.css(selector):
        if match.mem_id not in seen:  # a selector list can match one element twice
            seen.add(match.mem_id)
            found.append(match)
    return found


def find_first(node: Node, selector: str) -> Node | None:
    """The first descendant matching a CSS selector."""
    return node.css_first(selector)


def all_text(node: Node) -> str:
    """All the text under a node, joined as it stands."""
    return node.text(deep=True, separator="")
