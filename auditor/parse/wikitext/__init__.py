"""MediaWiki wikitext -> model. The only package that imports mwparserfromhell.

Two passes over one parse tree. The first (footnotes.py) walks every node in document order, infoboxes
and other templates included, and labels citations as the rendered page does: per group, in order of
first use, a reused ``name`` keeping its label. The second (prose.py) reads the prose: paragraphs, list
items and image captions, with their citations and flags, skipping templates, tables and back matter.
references.py reads what each footnote points to.
"""

from __future__ import annotations

from auditor.parse.wikitext.library import import_library

import_library()  # before the first import of mwparserfromhell: see library.py

from mwparserfromhell.wikicode import Wikicode  # noqa: E402

from auditor.parse import guard, hold
from auditor.parse.flagnames import FlagTable
from auditor.parse.labels import Labeller
from auditor.parse.shortcites import resolve_shorts
from auditor.parse.wikitext.build import parse, parse_measured
from auditor.parse.wikitext.footnotes import label_footnotes
from auditor.parse.wikitext.nodes import Galleries, Measured
from auditor.parse.wikitext.prose import ProseReader
from auditor.parse.wikitext.references import bibliography, build_reference


def _parse(guarded: guard.Guarded, tokens: list) -> tuple[Wikicode, dict[int, int], list | None]:
    """Parse with the guard: openers nobody closes, which would only cost time, are read as text.

    Bold and italic quotes stay text (dropped by strip_quotes): an unbalanced '' cannot swallow what
    follows it, and mwparserfromhell 0.7.2 parses about 10% faster so (measured on the fixtures).
    The tree is built by build.py, which is faster than the library's builder and gives the same tree; its
    tokens are handed to ``tokens``.
    """
    code, sizes, marks = parse_measured(guarded.text, skip_style_tags=True, tokens=tokens)
    if guarded.restore:  # one placeholder character for one character: the lengths stay
        for node in code.ifilter_text(recursive=True):
            node.value = node.value.translate(guarded.restore)
    return code, sizes, marks


def parse_wikitext(text: str, flags: FlagTable, today: str = "", lang: str = "en"):
    """Read wikitext; return (sections, claims, orphans, references, problems, (inline templates, rendered))."""
    guarded = guard.defuse(text)
    tokens: list = []
    code, sizes, marks = _parse(guarded, tokens)
    labels = Labeller()
    galleries = Galleries(parse)
    measured = Measured.of(text, code, sizes, placeholders=bool(guarded.restore), marks=marks)
    label_footnotes(code, labels, galleries=galleries, measured=measured)
    reader = ProseReader(text, flags, labels, today, lang, galleries, measured)
    reader.nodes(code, 0)
    sections, claims, orphans = reader.collector.finish()
    references = tuple(build_reference(entry, flags) for entry in labels.entries())
    if any(r.kind == "short" for r in references):  # the bibliography costs a walk; most articles have none
        references = resolve_shorts(references, bibliography(code, text, marks))
    problems = guard.problems_of(guarded, reader.collector.lines.locate)
    hold(guarded, tokens, code, measured, labels, galleries, reader)
    return sections, claims, orphans, references, problems, (reader.inline_templates, reader.rendered_templates)

