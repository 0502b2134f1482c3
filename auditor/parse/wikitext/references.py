"""References from footnote content: kind, template and citation fields; the bibliography of short cites."""

from __future__ import annotations

from mwparserfromhell.nodes import Comment, ExternalLink, Template
from mwparserfromhell.wikicode import Wikicode

from auditor.model import Reference
from auditor.parse import citefields
from auditor.parse.flagnames import FlagTable, fold_template_name
from auditor.parse.shortcites import anchor, entry_anchor
from auditor.parse.textrefs import full_entries
from auditor.parse.wikitext.nodes import named, param, strip_quotes, template_params, templates, text_of

def bibliography(code: Wikicode, text: str, marks: list | None = None) -> dict[str, dict[str, str]]:
    """Every full citation template of the article by the anchor it sets, for short citations to find.

    Bibliography, Sources and Works cited lists hold most of them; templates inside refs set anchors too.
    An explicit ref= anchor may be written as {{sfnref|...}} or {{harvid|...}}. ``marks``, the builder's
    of ``code``, finds the templates without a walk (nodes.templates).
    """
    lines = (line.lstrip("*#: ").replace("''", "") for line in text.splitlines() if line.startswith("*"))
    entries: dict[str, dict[str, str]] = full_entries(lines)
    for node in templates(code, marks):
        name = fold_template_name(text_of(node.name))
        if not citefields.is_citation_template(name):
            continue
        params = template_params(node)
        fields = citefields.normalise(params, name)
        target = entry_anchor(fields, params.get("ref"))
        if "ref" in params:  # the Parameter, read only here (Template.has stringifies every name)
            for inner in named(node)["ref"].value.filter_templates():
                if fold_template_name(text_of(inner.name)) in ("sfnref", "harvid", "citeref"):
                    short = citefields.short_fields(template_params(inner))
                    target = anchor(short["author-keys"].split("|"), short.get("year"))
        if target:
            entries[target] = fields
    return entries


def dead_link(parsed: Wikicode, flags: FlagTable) -> str | None:
    """The date (or "yes") of a link-rot flag such as {{dead link}} inside a ref's content."""
    for node in parsed.nodes:  # as parsed.filter_templates(recursive=False), without its generic walk
        if not isinstance(node, Template):
            continue
        kind = flags.by_template(fold_template_name(text_of(node.name)))
        if kind is not None and kind.family == "link-rot":
            return param(node, "date") or "yes"
    return None


def build_reference(entry, flags: FlagTable) -> Reference:
    """Build a Reference from a footnote entry: its kind, template and fields."""
    fields: dict[str, str] = dict(entry.short)
    kind, template = ("short", "sfn") if entry.short else ("unknown", None)
    parsed = entry.parsed
    if isinstance(parsed, Wikicode):
        for node in parsed.nodes:
            if isinstance(node, Template):
                tname = fold_template_name(text_of(node.name))
                if citefields.is_citation_template(tname):
                    kind, template = "template", tname
                    fields = citefields.normalise(template_params(node), tname)
                    break
                if citefields.is_short_template(tname):
                    kind, template = "short", tname
                    fields = citefields.short_fields(template_params(node))
                    break
        else:
            links = [n for n in parsed.nodes if isinstance(n, ExternalLink)]
            rest = "".join(str(n) for n in parsed.nodes if not isinstance(n, (ExternalLink, Comment, Template))).strip()
            if links:
                fields["url"] = str(links[0].url)
                if links[0].title is not None:
                    fields["title"] = strip_quotes(links[0].title.strip_code()).strip()
                kind = "bare-url" if len(rest) < 3 else "text"
            elif entry.content:
                kind = "text"
    elif entry.content and not entry.short:
        kind = "text"
    if isinstance(parsed, Wikicode) and (dead := dead_link(parsed, flags)) is not None:
        fields["dead-link"] = dead
    if entry.note and kind in ("text", "unknown"):
        kind = "note"
    return Reference(
        key=entry.key, label=entry.label, group=entry.group, name=entry.name, content=entry.content,
        kind=kind, template=template, fields=tuple(sorted(fields.items())),
    )

