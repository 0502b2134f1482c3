"""Citation markers, inline cleanup tags and page pins as a rendered page shows them.

action=parse HTML marks a citation ``<sup class="reference"><a href="#cite_note-x">[1]</a></sup>``,
Parsoid ``<sup class="mw-ref reference" typeof="mw:Extension/ref" data-mw=...>`` (the group in data-mw);
the label is the text the reader sees ("1", "a", "note 3"). A cleanup tag is
``<sup class="noprint Inline-Template">[<i><a><span title="... (May 2008)">citation needed</span></a></i>]</sup>``;
Parsoid adds the template's name and parameters in data-mw, which name the flag and its date exactly.
"""

from __future__ import annotations

import json
import re

from auditor.model import Citation, Flag, Location
from auditor.parse.flagnames import FlagKind, FlagTable
from auditor.parse.html import dom
from auditor.parse.labels import SUPERSCRIPT_PAGE, label_group

_DATE = re.compile(r"(?:\(|since\s+)([A-Z][a-z]+ \d{4})\)?")


def note_key(href: str | None) -> str | None:
    """The reference a marker's link points to: the fragment ``cite_note-...`` of its href."""
    if not href or "#" not in href:
        return None
    fragment = href.rsplit("#", 1)[1]
    return fragment if fragment.startswith("cite_note") else None


def is_citation(node: dom.Node, classes: set[str]) -> bool:
    """A citation marker (action=parse or Parsoid)."""
    if dom.tag(node) not in ("sup", "span"):
        return False
    if "mw-ref" in classes or "mw:Extension/ref" in (dom.attr(node, "typeof") or ""):
        return True
    if "reference" not in classes:
        return False
    link = dom.find_first(node, "a")
    return link is not None and note_key(dom.attr(link, "href")) is not None


def data_mw(node: dom.Node) -> dict:
    """Parsoid's data-mw of an element ({} when absent or not JSON)."""
    raw = dom.attr(node, "data-mw")
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def marker_of(node: dom.Node) -> tuple[str, str, str] | None:
    """(label, key, group) of a citation marker; None when it has no label."""
    label = " ".join(dom.all_text(node).split()).strip("[] ")
    link = dom.find_first(node, "a")
    key = note_key(dom.attr(link, "href")) if link is not None else None
    if not label:
        return None
    attrs = data_mw(node).get("attrs")
    group = attrs.get("group") if isinstance(attrs, dict) and isinstance(attrs.get("group"), str) else None
    group = group if group is not None else label_group(label)
    return label, key or f"{group}:{label}", group


def citation_of(node: dom.Node, location: Location, sourceless: dict[str, bool]) -> Citation | None:
    """The Citation a marker stands for; a note group's marker whose content holds no source is a note."""
    marker = marker_of(node)
    if marker is None:
        return None
    label, key, group = marker
    return Citation(label, key, location, group, note=bool(group) and sourceless.get(key, False))


def _template(node: dom.Node) -> tuple[str, dict]:
    """The name and parameters of the template Parsoid says rendered an element ("" when none)."""
    parts = data_mw(node).get("parts")
    if not isinstance(parts, list):
        return "", {}
    for part in parts:
        template = part.get("template") if isinstance(part, dict) else None
        if isinstance(template, dict):
            target = template.get("target") or {}
            params = template.get("params") or {}
            return str(target.get("wt", "")), params if isinstance(params, dict) else {}
    return "", {}


def _kind(node: dom.Node, flags: FlagTable, name: str | None = None) -> FlagKind | None:
    """The flag a tag stands for: by the template Parsoid names (``name``, when the caller has read it), else
    by the words it shows."""
    name = _template(node)[0] if name is None else name
    kind = flags.by_template(name) if name else None
    if kind is None and dom.tag(node) in ("sup", "span"):
        shown = " ".join(dom.all_text(node).split()).strip("[] ")
        kind = flags.by_rendered(shown) if 0 < len(shown) < 60 else None
    return kind


def is_flag(node: dom.Node, classes: set[str], flags: FlagTable) -> bool:
    """An inline cleanup tag: an Inline-Template superscript, or a superscript Parsoid names a flag."""
    if dom.tag(node) != "sup" and "Inline-Template" not in classes:
        return False
    if "Inline-Template" not in classes and "mw:Transclusion" not in (dom.attr(node, "typeof") or ""):
        return False
    return _kind(node, flags) is not None


def flag_of(node: dom.Node, flags: FlagTable, location: Location) -> Flag | None:
    """The Flag of a cleanup tag, with its date (Parsoid's parameter, else the tooltip's "(May 2008)")."""
    name, params = _template(node)
    kind = _kind(node, flags, name)
    if kind is None:
        return None
    date = params.get("date", {}).get("wt") if isinstance(params.get("date"), dict) else None
    reason = params.get("reason", {}).get("wt") if isinstance(params.get("reason"), dict) else None
    if date is None:
        tip = dom.find_first(node, "span[title]")
        match = _DATE.search(dom.attr(tip, "title") or "") if tip is not None else None
        date = match.group(1) if match else None
    written = name or "[" + " ".join(dom.all_text(node).split()).strip("[] ") + "]"
    return Flag(kind.name, kind.family, written, location, date=date, reason=reason)


def page_pin(node: dom.Node, run_citation: Citation | None) -> str | None:
    """The page of a superscript right after a citation (":167", as {{rp}} shows it), else None."""
    if run_citation is None:
        return None
    match = SUPERSCRIPT_PAGE.fullmatch(" ".join(dom.all_text(node).split()).strip())
    return match.group(1) if match else None
