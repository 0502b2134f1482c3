"""Inline formulas as a rendered page shows them: the TeX the reader sees, once.

MediaWiki's Math extension writes an inline formula as ``<span class="mwe-math-element">`` holding the
formula twice: a MathML ``<math alttext="{\\displaystyle A^{H}}">`` (with an
``<annotation encoding="application/x-tex">``) and a fallback ``<img class="mwe-math-fallback-image-inline"
alt="...">``; Parsoid adds the source in data-mw (``body.extsrc``). The reader sees one formula in the
sentence ("denoted by A^{H}, then"), so its text is read from the first of those that is there. A formula
set on its own line (display math) is not part of a sentence and stays out.
"""

from __future__ import annotations

import re

from auditor.parse.html import dom
from auditor.parse.html.marks import data_mw

#: The style wrapper texvc puts around every formula's alttext: ``{\displaystyle ...}``.
_STYLE = re.compile(r"^\{\\(?:displaystyle|textstyle|scriptstyle)\s+(.*)\}$", re.S)
_DISPLAY_CLASSES = frozenset({"mwe-math-mathml-display", "mwe-math-fallback-image-display", "mwe-math-element-block"})
FORMULA_CLASSES = frozenset({"mwe-math-element", "mwe-math-fallback-image-inline"})


def is_formula(node: dom.Node, classes: set[str]) -> bool:
    """An inline formula: the Math extension's element, or its fallback image standing alone."""
    return bool(classes & FORMULA_CLASSES) and not classes & _DISPLAY_CLASSES


def formula_text(node: dom.Node) -> str | None:
    """The TeX of an inline formula, without its style wrapper; None for display math or no source."""
    if dom.find_first(node, ".mwe-math-mathml-display, .mwe-math-fallback-image-display, math[display=block]"):
        return None
    body = data_mw(node).get("body")
    source = body.get("extsrc") if isinstance(body, dict) else None
    if not isinstance(source, str):
        source = _first_source(node)
    if source is None:
        return None
    source = " ".join(source.split())
    match = _STYLE.match(source)
    return (match.group(1).strip() if match else source) or None


def _first_source(node: dom.Node) -> str | None:
    """The formula's alttext, else its TeX annotation, else its image's alt."""
    math = node if dom.tag(node) == "math" else dom.find_first(node, "math")
    if math is not None and dom.attr(math, "alttext"):
        return dom.attr(math, "alttext")
    annotation = dom.find_first(node, 'annotation[encoding="application/x-tex"]')
    if annotation is not None and dom.all_text(annotation).strip():
        return dom.all_text(annotation)
    image = node if dom.tag(node) == "img" else dom.find_first(node, "img")
    return dom.attr(image, "alt") if image is not None else None
