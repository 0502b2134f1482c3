"""Small readers of mwparserfromhell nodes that the wikitext modules share."""

from __future__ import annotations

import re

from collections.abc import Iterator

from mwparserfromhell.nodes import ExternalLink, Heading, Tag, Template, Wikilink
from mwparserfromhell.wikicode import Wikicode

_UNQUOTED = re.compile(r"(?:[^']|(?<!')'(?!'))+")


def unquoted_pieces(line: str) -> list[re.Match[str]]:
    """The runs of a line between bold and italic quote marks, with their positions."""
    return list(_UNQUOTED.finditer(line))


def strip_quotes(text: str) -> str:
    """Drop bold and italic quote markup (the parse keeps it as text)."""
    return text.replace("\'\'\'", "").replace("\'\'", "")


def shown(template: Template, *names: str) -> str | None:
    """The text a reader sees of the first of ``names`` the template has (markup stripped)."""
    for name in names:
        if template.has(name):
            shown = strip_quotes(template.get(name).value.strip_code()).strip()
            if shown:
                return shown
    return None


def param(template: Template, *names: str) -> str | None:
    """The stripped value of the first of ``names`` the template has, or None."""
    for name in names:
        if template.has(name):
            value = str(template.get(name).value).strip()
            if value:
                return value
    return None


def templates(code: Wikicode) -> Iterator[Template]:
    """Every template where a reader could see it, in document order, nested ones too.

    Like ``code.filter_templates()`` without templates in names and attributes, at about a third of
    its cost (its generic walk asks every node for its children).
    """
    for node in code.nodes:
        if isinstance(node, Template):
            yield node
            for parameter in node.params:
                yield from templates(parameter.value)
        elif isinstance(node, Tag):
            if node.contents is not None:
                yield from templates(node.contents)
        elif isinstance(node, Wikilink):
            if node.text is not None:
                yield from templates(node.text)
        elif isinstance(node, ExternalLink):
            if node.title is not None:
                yield from templates(node.title)
        elif isinstance(node, Heading):
            yield from templates(node.title)


def parameter_offsets(template: Template, offset: int) -> Iterator[tuple[str, Wikicode, int]]:
    """Each parameter of a template standing at ``offset``: its name, its value and the value's offset."""
    position = offset + 2 + len(str(template.name))
    for parameter in template.params:
        position += 1  # the pipe
        if parameter.showkey:
            position += len(str(parameter.name)) + 1
        yield str(parameter.name).strip(), parameter.value, position
        position += len(str(parameter.value))


def template_params(template: Template) -> dict[str, str]:
    """A template's parameters as plain strings (names and values stripped)."""
    return {str(p.name).strip(): str(p.value).strip() for p in template.params}




def attr(node: Tag, name: str) -> str | None:
    """A tag attribute's value, stripped of quotes, or None."""
    if node.has(name):
        value = str(node.get(name).value).strip().strip("\"'").strip()
        return value or None
    return None


