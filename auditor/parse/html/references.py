"""References from a rendered page's notes lists: kind, template, URL, archive and citation fields.

Each entry of an ``ol.references`` list (``li#cite_note-...``) is one reference. A rendered citation
template is a ``<cite class="citation web">`` with its COinS (``span.Z3988``, the fields as a query
string) beside it; its links give the URL and the archive's. A short citation (``{{sfn}}``) links to
the full entry (``#CITEREF...``), whose fields it borrows. Field names are citefields' own.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from auditor.model import Location, Reference
from auditor.parse.citefields import body_is_citation, source_type
from auditor.parse.flagnames import FlagTable
from auditor.parse.html import dom
from auditor.parse.html.marks import flag_of, is_citation, marker_of
from auditor.parse.shortcites import BORROWED, resolve_shorts
from auditor.parse.textrefs import full_entries

_ARCHIVES = re.compile(r"^https?://(web\.archive\.org|archive\.(org|today|is|ph|li|fo|md)|www\.webcitation\.org|"
                       r"webcitation\.org|archive\.ph|wayback\.)", re.I)
#: COinS keys -> field names.
_COINS = (("rft.atitle", "title"), ("rft.btitle", "title"), ("rft.title", "title"), ("rft.jtitle", "work"),
          ("rft.date", "date"), ("rft.pub", "publisher"), ("rft.place", "place"), ("rft.pages", "page"),
          ("rft.spage", "page"), ("rft.isbn", "isbn"), ("rft.issn", "issn"))
_PAGE = re.compile(r"\bpp?\.\s*([\w\u2013\-, ]+?)\s*\.?$")
_CLASS_WORDS = frozenset({"citation", "cs1", "cs2"})
_NOWHERE = Location(0, 0, 0)
#: The entries of a notes list (action=parse: ol.references; Parsoid: ol.mw-references too).
ENTRIES = "ol.references > li, ol.mw-references > li"


def sourceless(root: dom.Node) -> dict[str, bool]:
    """For each notes-list entry, whether it is a note rather than a source: its body is not a citation.

    The source parts are the rendered citations, external links, markers and short-citation links
    (``cite, a.external, sup, a[href^='#CITEREF']``); citefields.body_is_citation judges the rest, as the
    wikitext reader does.
    """
    found = {}
    for item in dom.find(root, ENTRIES):
        key = dom.attr(item, "id")
        if key:
            body = dom.find_first(item, ".reference-text, .mw-reference-text") or item
            rest: list[str] = []
            sourced = _source_parts(body, rest)
            found[key] = not body_is_citation("".join(rest), sourced)
    return found


def _source_parts(node: dom.Node, rest: list[str]) -> bool:
    """Whether ``node`` holds source parts; the text outside them goes to ``rest``."""
    sourced = False
    for child in dom.children(node):
        if dom.is_text(child):
            rest.append(dom.text(child))
        elif dom.tag(child) in ("cite", "sup") or (dom.tag(child) == "a" and (
                "external" in (dom.attr(child, "class") or "").split()
                or (dom.attr(child, "href") or "").startswith("#CITEREF"))):
            sourced = True
        elif "mw-cite-backlink" not in (dom.attr(child, "class") or "").split():
            sourced = _source_parts(child, rest) or sourced
    return sourced


def first_markers(root: dom.Node) -> dict[str, tuple[str, str]]:
    """Each reference's (label, group) from its first marker anywhere on the page (infoboxes too)."""
    found: dict[str, tuple[str, str]] = {}
    for node in dom.find(root, "sup.reference, sup.mw-ref, span.mw-ref"):
        classes = set((dom.attr(node, "class") or "").split())
        marker = marker_of(node) if is_citation(node, classes) else None
        if marker is not None and marker[1] not in found:
            found[marker[1]] = (marker[0], marker[2])
    return found


def _coins(node: dom.Node) -> dict[str, str]:
    span = dom.find_first(node, "span.Z3988")
    query = parse_qs(dom.attr(span, "title") or "") if span is not None else {}
    fields: dict[str, str] = {}
    for key, name in _COINS:
        if query.get(key) and name not in fields:
            fields[name] = query[key][0]
    authors = [a for a in query.get("rft.au", []) if a]
    if query.get("rft.aulast"):
        authors.insert(0, ", ".join(filter(None, (query["rft.aulast"][0], query.get("rft.aufirst", [""])[0]))))
    if authors:
        fields["authors"] = "; ".join(authors)
        fields["author-keys"] = "|".join(a.split(",")[0].strip() for a in authors)
    for value in query.get("rft_id", []):
        if value.startswith(("http://", "https://")):
            fields.setdefault("url", value)
        elif value.startswith("info:doi/"):
            fields["doi"] = value[len("info:doi/"):]
    return fields


def _links(node: dom.Node, fields: dict[str, str]) -> None:
    """URL and archive URL from the citation's external links."""
    for link in dom.find(node, "a.external, a[rel~='mw:ExtLink']"):
        href = dom.attr(link, "href") or ""
        if href.startswith("//"):
            href = "https:" + href
        if not href.startswith(("http://", "https://")):
            continue
        if _ARCHIVES.match(href):
            fields.setdefault("archive-url", href)
        elif "url" not in fields:
            fields["url"] = href
            title = " ".join(dom.all_text(link).split()).strip('"\u201c\u201d ')
            if title:
                fields.setdefault("title", title)


def _template_fields(cite: dom.Node, item: dom.Node) -> tuple[str, dict[str, str]]:
    words = [c for c in (dom.attr(cite, "class") or "").split() if c not in _CLASS_WORDS]
    template = f"cite {words[0]}" if words else "citation"
    fields = _coins(item)
    if "url" in fields and _ARCHIVES.match(fields["url"]):
        fields["archive-url"] = fields.pop("url")
    _links(cite, fields)
    accessed = dom.find_first(item, ".reference-accessdate")
    if accessed is not None:
        fields["access-date"] = " ".join(dom.all_text(accessed).split()).strip(" .").removeprefix("Retrieved ")
    work = dom.find_first(cite, "i")
    if work is not None and "work" not in fields and template != "cite book":
        fields["work"] = " ".join(dom.all_text(work).split())
    if "date" in fields and re.fullmatch(r"\d{4}", fields["date"]):
        fields["year"] = fields["date"]
    fields["type"] = source_type({"url": fields.get("url", "")}, template)
    return template, fields


def _dead_link(item: dom.Node, flags: FlagTable) -> str | None:
    for sup in dom.find(item, "sup.Inline-Template, span.Inline-Template"):
        flag = flag_of(sup, flags, _NOWHERE)
        if flag is not None and flag.family == "link-rot":
            return flag.date or "yes"
    return None


def build_references(root: dom.Node, flags: FlagTable, notes: dict[str, bool]) -> tuple[Reference, ...]:
    """Every entry of the page's notes lists, labelled as its first marker."""
    markers = first_markers(root)
    anchors = {dom.attr(c, "id"): c for c in dom.find(root, "cite[id]")}
    entries = {anchor: _template_fields(cite, dom.parent(cite) or cite)[1] for anchor, cite in anchors.items()}
    for anchor, fields in _plain_entries(root).items():
        entries.setdefault(anchor, fields)
    references = []
    for item in dom.find(root, ENTRIES):
        key = dom.attr(item, "id") or ""
        label, group = markers.get(key, ("", ""))
        body = dom.find_first(item, ".reference-text, .mw-reference-text") or item
        content = " ".join(dom.all_text(body).split())
        kind, template, fields, target = _classify(body, item)
        resolved = ("yes" if target in anchors else "no") if kind == "short" else None
        if resolved == "yes":
            fields = {**{k: v for k, v in entries[target].items() if k in BORROWED}, **fields}
        if (dead := _dead_link(item, flags)) is not None:
            fields["dead-link"] = dead
        if group and notes.get(key) and kind in ("text", "unknown"):
            kind = "note"
        reference = Reference(key=key, label=label, group=group, content=content, kind=kind,
                              template=template, fields=tuple(sorted(fields.items())), resolved=resolved,
                              target=target)
        if kind == "text":  # "Webb 2005a, p. 32." written as plain text: linked as the wikitext reader links it
            reference = resolve_shorts((reference,), entries)[0]
        references.append(reference)
    return tuple(references)


def _plain_entries(root: dom.Node) -> dict[str, dict[str, str]]:
    """Full entries written as plain list lines ("Webb, Nick (2005a). Title. ..."), with their link's URL."""
    entries: dict[str, dict[str, str]] = {}
    for item in dom.find(root, "ul > li"):
        found = full_entries([" ".join(dom.all_text(item).split())])
        for anchor, fields in found.items():
            _links(item, fields)
            entries.setdefault(anchor, fields)
    return entries


def _classify(body: dom.Node, item: dom.Node) -> tuple[str, str | None, dict[str, str], str | None]:
    """(kind, template, fields, target) of one entry: a citation template, a short cite (with the anchor it
    links to), a bare URL or text."""
    cite = dom.find_first(body, "cite")
    if cite is not None:
        template, fields = _template_fields(cite, item)
        return "template", template, fields, None
    fields: dict[str, str] = {}
    short = dom.find_first(body, "a[href^='#CITEREF']")
    if short is not None:
        page = _PAGE.search(" ".join(dom.all_text(body).split()))
        if page:
            fields["page"] = page.group(1)
        return "short", "sfn", fields, (dom.attr(short, "href") or "#")[1:]
    _links(body, fields)
    if "url" in fields:
        text = " ".join(dom.all_text(body).split())
        return ("bare-url" if len(text) - len(fields.get("title", "")) < 3 else "text"), None, fields, None
    return ("text" if dom.all_text(body).strip() else "unknown"), None, fields, None

