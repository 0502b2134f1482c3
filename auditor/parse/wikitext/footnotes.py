"""The first pass: every footnote in document order, labelled as the rendered page labels it.

Infoboxes and other templates count: a ref inside the infobox takes the first number. List-defined refs
(<references>, {{reflist|refs=}}) give content to footnotes used elsewhere but are not uses themselves.
"""

from __future__ import annotations

from mwparserfromhell.nodes import Comment, ExternalLink, Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

from auditor.parse import citefields
from auditor.parse.flagnames import fold_template_name
from auditor.parse.labels import Labeller
from auditor.parse.wikitext.nodes import (
    Galleries, Measured, attrs, children_at, contents_at, named, param, parameters_at, template_params, text_of,
)

_EFN_GROUPS = {"efn": "lower-alpha", "efn-la": "lower-alpha", "efn-ua": "upper-alpha", "efn-lr": "lower-roman",
               "efn-ur": "upper-roman", "efn-lg": "lower-greek", "notetag": "lower-alpha", "refn": None}
_REFLISTS = frozenset({"reflist", "references", "notelist", "notelist-ua", "notelist-lr", "notelist-ur",
                       "notelist-lg", "notes", "refs", "reference list", "reflist-talk"})
#: Templates that stand for a source, or a part of one, inside a note.
_SOURCE_PARTS = frozenset({"rp", "isbn", "doi", "oclc", "issn", "pmid", "webarchive", "dead link", "page needed"})


def label_footnotes(code: Wikicode, labels: Labeller, galleries: Galleries | None = None,
                    measured: Measured | None = None) -> None:
    """First pass: every footnote in document order, infoboxes, templates and gallery captions included.

    ``measured`` (the builder's lengths and the source) lets a ref's content be sliced from the source where
    it stands instead of stringified: stringifying refs was most of this pass. Where it holds the builder's
    marks of ``code`` (the whole tree), the pass reads those instead of walking the tree.
    """
    footnotes = _Footnotes(labels, galleries, measured or Measured({}))
    marks = footnotes.measured.marks
    if marks is None:
        footnotes.code(code, 0, False)
    else:
        footnotes.marked(marks)


class _Footnotes:
    """The tree's footnotes in document order, knowing where each node stands in the source: from the
    builder's marks, or by a walk of the tree (where there are none, and inside what a mark is read whole)."""

    def __init__(self, labels: Labeller, galleries: Galleries | None, measured: Measured) -> None:
        self.labels, self.galleries, self.measured = labels, galleries, measured
        self.serial = 0  # numbers unnamed footnotes so each gets a key of its own

    def next_serial(self) -> str:
        self.serial += 1
        return str(self.serial)

    def marked(self, marks: list) -> None:
        """The builder's marks in order: the templates and tags the walk in ``code`` would meet, where it
        would meet them, without walking the text, links and wiki-markup tags between them (a mark read
        whole is skipped with the marks inside it)."""
        at, end = 0, len(marks)
        while at < end:
            node, offset, past = marks[at]
            if (self.tag if type(node) is Tag else self.template)(node, offset, False):
                at = past
            else:
                at += 1

    def code(self, code: Wikicode, offset: int, defining: bool) -> None:
        """The nodes of ``code``, whose text starts at ``offset``."""
        size = self.measured.size
        for node in code.nodes:
            kind = type(node)
            if kind is Text:  # most nodes: nothing inside, and their length at hand
                offset += len(node.value)
                continue
            if not (self.tag(node, offset, defining) if kind is Tag else
                    kind is Template and self.template(node, offset, defining)):
                for inner, at in children_at(node, offset, size):
                    self.code(inner, at, defining)
            offset += size(node)

    def tag(self, node: Tag, offset: int, defining: bool) -> bool:
        """A <ref>, a gallery's captions, <references> (which holds definitions): read whole (True); any
        other tag is not (False): what it holds is read as the text around it."""
        tag = text_of(node.tag).strip().lower()
        if tag == "ref":
            self.ref(node, offset, defining)
        elif tag == "gallery" and self.galleries is not None:
            contents = contents_at(node, offset, self.measured.size)
            for link, at in self.galleries.images(node):
                for caption, where in children_at(link, contents + at, self.measured.size):
                    self.code(caption, where, defining)
        elif tag == "references":
            for inner, at in children_at(node, offset, self.measured.size):
                self.code(inner, at, True)
        else:
            return False
        return True

    def ref(self, node: Tag, offset: int, defining: bool) -> None:
        """One <ref>: a use (labelled) or a list-defined definition."""
        name, group, follow = attrs(node, "name", "group", "follow")
        group = group or ""
        if node.self_closing or node.contents is None:
            content = ""
        else:
            content = self.measured.text(node.contents, contents_at(node, offset, self.measured.size)).strip()
        if follow:
            return
        key = Labeller.key_of(group, name, self.next_serial())
        if defining:
            self.labels.define(key, content, node.contents)
            return
        note = bool(group) and not cites_a_source(node.contents)
        self.labels.use(node, key, group, name, content, node.contents if content else None, note=note)

    def template(self, node: Template, offset: int, defining: bool) -> bool:
        """Footnote templates (sfn, efn, refn, r) and lists of refs (reflist refs=): read whole (True);
        any other template (an infobox) is not (False): its parameters are read as the text around it."""
        name = fold_template_name(text_of(node.name))
        labels = self.labels
        if citefields.is_short_template(name) and name.startswith("sfn"):
            params = template_params(node)
            short = citefields.short_fields(params)
            page = short.get("page")
            key = "|sfn:" + "|".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in ("ps",))
            labels.use(node, key, "", None, self.measured.text(node, offset), None, page=page, short=short)
        elif name in _EFN_GROUPS or name == "#tag:ref":
            group = param(node, "group") or _EFN_GROUPS.get(name) or ""
            content = param(node, "1", "text") or ""
            key = Labeller.key_of(group, param(node, "name"), self.next_serial())
            shown = named(node).get("1")
            note = bool(group) and not cites_a_source(shown.value if shown else None)
            labels.use(node, key, group, param(node, "name"), content, shown.value if shown else None, note=note)
            for parameter, at in parameters_at(node, offset, self.measured.size):
                if parameter is shown:
                    self.code(parameter.value, at, defining)
        elif name == "r":
            for parameter in node.params:
                if text_of(parameter.name).strip().isdigit():
                    ref = text_of(parameter.value).strip()
                    group = param(node, "group") or ""
                    labels.use(node, Labeller.key_of(group, ref, ""), group, ref,
                               page=param(node, "p", "pp", "page", "pages"))
        elif name in _REFLISTS:
            for parameter, at in parameters_at(node, offset, self.measured.size):
                self.code(parameter.value, at, defining or text_of(parameter.name).strip() == "refs")
        else:
            return False
        return True


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
            name = fold_template_name(text_of(node.name))
            if citefields.is_citation_template(name) or citefields.is_short_template(name) or name in _SOURCE_PARTS:
                sourced = True
                continue
        elif isinstance(node, ExternalLink) or (isinstance(node, Tag) and text_of(node.tag).strip().lower() == "ref"):
            sourced = True
            continue
        elif isinstance(node, Comment):
            continue
        rest.append(node)
    return citefields.body_is_citation(Wikicode(rest).strip_code(), sourced)
