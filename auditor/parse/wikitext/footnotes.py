"""The first pass: every footnote in document order, labelled as the rendered page labels it.

Infoboxes and other templates count: a ref inside the infobox takes the first number. List-defined refs
(<references>, {{reflist|refs=}}) give content to footnotes used elsewhere but are not uses themselves.
"""

from __future__ import annotations

from mwparserfromhell.nodes import Comment, ExternalLink, Tag, Template
from mwparserfromhell.wikicode import Wikicode

from auditor.parse import citefields
from auditor.parse.flagnames import fold_template_name
from auditor.parse.labels import Labeller
from auditor.parse.wikitext.nodes import Galleries, attr, children, param, template_params

_EFN_GROUPS = {"efn": "lower-alpha", "efn-la": "lower-alpha", "efn-ua": "upper-alpha", "efn-lr": "lower-roman",
               "efn-ur": "upper-roman", "efn-lg": "lower-greek", "notetag": "lower-alpha", "refn": None}
_REFLISTS = frozenset({"reflist", "references", "notelist", "notelist-ua", "notelist-lr", "notelist-ur",
                       "notelist-lg", "notes", "refs", "reference list", "reflist-talk"})
#: Templates that stand for a source, or a part of one, inside a note.
_SOURCE_PARTS = frozenset({"rp", "isbn", "doi", "oclc", "issn", "pmid", "webarchive", "dead link", "page needed"})


class _Serial:
    """Numbers unnamed footnotes so each gets a key of its own."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> str:
        self.n += 1
        return str(self.n)


def label_footnotes(code: Wikicode, labels: Labeller, defining: bool, serial: _Serial | None = None,
                    galleries: Galleries | None = None) -> None:
    """First pass: every footnote in document order, infoboxes, templates and gallery captions included."""
    serial = serial or _Serial()
    for node in code.nodes:
        tag = str(node.tag).strip().lower() if isinstance(node, Tag) else None
        if tag == "ref":
            _label_ref(node, labels, defining, serial)
        elif isinstance(node, Template):
            _label_template(node, labels, defining, serial, galleries)
        elif tag == "gallery" and galleries is not None:
            for link, _ in galleries.images(node):
                if link.text is not None:
                    label_footnotes(link.text, labels, defining, serial, galleries)
        else:  # <references> holds definitions; any other node, what its children hold
            for inner in children(node):
                label_footnotes(inner, labels, defining or tag == "references", serial, galleries)



def _label_ref(node: Tag, labels: Labeller, defining: bool, serial: _Serial) -> None:
    """One <ref>: a use (labelled) or a list-defined definition."""
    name, group = attr(node, "name"), attr(node, "group") or ""
    content = "" if node.self_closing or node.contents is None else str(node.contents).strip()
    if attr(node, "follow"):
        return
    key = Labeller.key_of(group, name, serial.next())
    if defining:
        labels.define(key, content, node.contents)
        return
    note = bool(group) and not cites_a_source(node.contents)
    labels.use(node, key, group, name, content, node.contents if content else None, note=note)


def cites_a_source(body: Wikicode | None) -> bool:
    """Tell whether a footnote's body is a citation, so that a note group's footnote is a source after all.

    Its citation templates, short citations, refs and external links are the source parts; what is left is
    judged by citefields.body_is_citation ("See also {{harvnb|Smith|2001}}" and "Smith 2001, p. 3" are
    citations; explanatory text with a ref of its own is a note, whose ref supports the note).
    """
    if body is None:
        return False
    sourced, rest = False, []
    for node in body.nodes:
        if isinstance(node, Template):
            name = fold_template_name(str(node.name))
            if citefields.is_citation_template(name) or citefields.is_short_template(name) or name in _SOURCE_PARTS:
                sourced = True
                continue
        elif isinstance(node, ExternalLink) or (isinstance(node, Tag) and str(node.tag).strip().lower() == "ref"):
            sourced = True
            continue
        elif isinstance(node, Comment):
            continue
        rest.append(node)
    return citefields.body_is_citation(Wikicode(rest).strip_code(), sourced)


def _label_template(node: Template, labels: Labeller, defining: bool, serial: _Serial,
                    galleries: Galleries | None = None) -> None:
    """Footnote templates (sfn, efn, refn, r) and containers of refs (reflist refs=, infoboxes)."""
    name = fold_template_name(str(node.name))
    if citefields.is_short_template(name) and name.startswith("sfn"):
        params = template_params(node)
        short = citefields.short_fields(params)
        page = short.get("page")
        key = "|sfn:" + "|".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in ("ps",))
        labels.use(node, key, "", None, str(node), None, page=page, short=short)
    elif name in _EFN_GROUPS or name == "#tag:ref":
        group = param(node, "group") or _EFN_GROUPS.get(name) or ""
        content = param(node, "1", "text") or ""
        key = Labeller.key_of(group, param(node, "name"), serial.next())
        value = node.get("1").value if node.has("1") else None
        note = bool(group) and not cites_a_source(value)
        labels.use(node, key, group, param(node, "name"), content, value, note=note)
        if value is not None:
            label_footnotes(value, labels, defining, serial, galleries)
    elif name == "r":
        for parameter in node.params:
            if str(parameter.name).strip().isdigit():
                ref = str(parameter.value).strip()
                group = param(node, "group") or ""
                labels.use(node, Labeller.key_of(group, ref, ""), group, ref,
                           page=param(node, "p", "pp", "page", "pages"))
    else:
        inside_list = name in _REFLISTS
        for parameter in node.params:
            refs = inside_list and str(parameter.name).strip() == "refs"
            label_footnotes(parameter.value, labels, defining or refs, serial, galleries)

