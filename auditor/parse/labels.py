"""Citation labels as the rendered page shows them: per group, in order of first use.

The wikitext parser reports every use and every list-defined definition of a
footnote here, in document order; a reused name keeps its first label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.compiled import lazy_compile
from auditor.model import Citation, Location

_NOWHERE = Location(0, 0, 0)
_GREEK = "αβγδεζηθικλμνξοπρστυφχψω"
#: A page shown in superscript right after a citation (":167", "p. 12", as {{rp}} renders it).
SUPERSCRIPT_PAGE = lazy_compile(r":\s*((?:p+\.\s*)?[\dxvilc]+(?:\s*[\u2013\-,]\s*[\dxvilc]+)*)", re.I)


def _letters(n: int, alphabet: str) -> str:
    """1 -> a, 26 -> z, 27 -> aa (as MediaWiki's lower-alpha counter)."""
    out = ""
    while n:
        n, rest = divmod(n - 1, len(alphabet))
        out = alphabet[rest] + out
    return out


def _roman(n: int) -> str:
    table = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
             (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = ""
    for value, numeral in table:
        while n >= value:
            out, n = out + numeral, n - value
    return out


def format_label(group: str, number: int) -> str:
    """The text a reader sees for the ``number``-th footnote of ``group``."""
    if not group:
        return str(number)
    alpha = "abcdefghijklmnopqrstuvwxyz"
    styles = {
        "lower-alpha": lambda: _letters(number, alpha), "lower-latin": lambda: _letters(number, alpha),
        "upper-alpha": lambda: _letters(number, alpha).upper(), "upper-latin": lambda: _letters(number, alpha).upper(),
        "lower-roman": lambda: _roman(number), "upper-roman": lambda: _roman(number).upper(),
        "lower-greek": lambda: _letters(number, _GREEK),
    }
    return styles[group]() if group in styles else f"{group} {number}"


@dataclass
class Entry:
    """One footnote: what is known of the reference behind a label."""

    key: str
    label: str
    group: str
    name: str | None
    content: str = ""
    parsed: object = None  # the parser's own tree of the content, opaque here
    note: bool = False
    short: dict[str, str] = field(default_factory=dict)  # sfn/harv fields


class Labeller:
    """Numbers footnotes per group in order of first use; remembers which node is which."""

    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}
        self._counts: dict[str, int] = {}
        # what each footnote node's uses say (label, key, group, page, note): a Citation is made only where
        # the prose reader anchors one (citations_of), with its place
        self._by_node: dict[int, list[tuple[str, str, str, str | None, bool]]] = {}
        self._pending: dict[str, tuple[str, object]] = {}  # list-defined content by key

    @staticmethod
    def key_of(group: str, name: str | None, serial: str) -> str:
        """The identity of a footnote: its group and name, or its place when unnamed."""
        return f"{group}|{name}" if name else f"{group}|#{serial}"

    def use(self, node: object, key: str, group: str, name: str | None, content: str = "",
            parsed: object = None, note: bool = False, page: str | None = None,
            short: dict[str, str] | None = None) -> None:
        """Record a use of a footnote by ``node``; label it if it is new."""
        entry = self._entries.get(key)
        if entry is None:
            self._counts[group] = self._counts.get(group, 0) + 1
            entry = Entry(key, format_label(group, self._counts[group]), group, name, note=note,
                          short=short or {})
            self._entries[key] = entry
            if key in self._pending:
                entry.content, entry.parsed = self._pending.pop(key)
        if content and not entry.content:
            entry.content, entry.parsed, entry.note = content, parsed, note
        use = (entry.label, key, group, page, entry.note)
        uses = self._by_node.get(id(node))
        if uses is None:
            self._by_node[id(node)] = [use]
        else:
            uses.append(use)

    def define(self, key: str, content: str, parsed: object = None) -> None:
        """Record a list-defined reference ({{reflist|refs=}}, <references>)."""
        entry = self._entries.get(key)
        if entry is not None:
            if not entry.content:
                entry.content, entry.parsed = content, parsed
        elif content:
            self._pending[key] = (content, parsed)

    def citations_of(self, node: object, location: Location = _NOWHERE) -> list[Citation]:
        """The citations a node stands for, found at ``location`` (empty for nodes that are not footnotes)."""
        uses = self._by_node.get(id(node))
        if uses is None:
            return []
        return [Citation(label, key, location, group, page=page, note=note) for label, key, group, page, note in uses]

    def entries(self) -> list[Entry]:
        """Every footnote used, in order of first use."""
        return list(self._entries.values())


def label_group(label: str) -> str:
    """The reference group a rendered label belongs to ("note 3" -> "note")."""
    if label.isdigit():
        return ""
    if " " in label:
        return label.rsplit(" ", 1)[0]
    return "upper-alpha" if label.isupper() else "lower-alpha"
