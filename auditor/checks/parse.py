"""Article-level findings about what could not be read cleanly."""

from __future__ import annotations

from typing import Iterator

from auditor.checks.base import Context, Hit
from auditor.model import Article, Citation


def orphan_marker(article: Article, context: Context) -> Iterator[Hit]:
    """A citation marker or flag with no claim before it to attach to.

    In copied text, a run of markers opening a paragraph belongs to the sentence
    before it (WP:CITEFOOT places markers after the text they support). With no
    sentence before it (the first line of a section), it supports nothing; it is
    reported rather than credited to the sentence after it.

    Fails:  Early life\\n\\n[17] Eventually, he moved.
    Passes: Early life\\n\\nEventually, he moved.[17]
    """
    for item in article.orphans:
        shown = f"[{item.label}]" if isinstance(item, Citation) else f"[{item.name}]"
        yield Hit(f"marker {shown} has no claim before it to support", location=item.location)


def unparsed_markup(article: Article, context: Context) -> Iterator[Hit]:
    """Markup the parser could not read fully (nesting too deep, time budget spent).

    Claims inside such markup may be missing from the audit, and what is not
    read cannot be checked against WP:V; the audit says so instead of hiding it.

    Fails:  an article with 60 nested templates
    Passes: an article the parser reads whole
    """
    for problem in article.problems:
        yield Hit(problem.message, location=problem.location)
