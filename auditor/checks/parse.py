"""Article-level findings about what could not be read cleanly."""

from __future__ import annotations

from typing import Iterator

from auditor.checks.base import Context, Hit
from auditor.model import Article, Citation, ParseCode


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
        shown = f"[{item.label}]" if isinstance(item, Citation) else item.words
        yield Hit(f"marker {shown} has no claim before it to support", location=item.location)


_DEDICATED = (ParseCode.NESTING_TOO_DEEP, ParseCode.TIME_BUDGET_EXCEEDED, ParseCode.SLOW_MARKUP_NEUTRALISED)


def _problems(article: Article, *codes: str) -> Iterator[Hit]:
    """Hits for the article's parse problems with one of ``codes``."""
    for problem in article.problems:
        if problem.code in codes:
            yield Hit(problem.message, location=problem.location)


def unparsed_markup(article: Article, context: Context) -> Iterator[Hit]:
    """Markup the parser could not read fully (other than the cases below).

    Claims inside such markup may be missing from the audit, and what is not
    read cannot be checked against WP:V; the audit says so instead of hiding it.

    Fails:  a parse problem without a code of its own (the catch-all; no parser reports one today)
    Passes: an article the parser reads whole
    """
    for problem in article.problems:
        if problem.code not in _DEDICATED:
            yield Hit(problem.message, location=problem.location)


def nesting_too_deep(article: Article, context: Context) -> Iterator[Hit]:
    """Markup nested deeper than the wikitext parser reads (about 33 templates, 99 links or tags, or 50 tables).

    mwparserfromhell silently reads markup past its depth limit as plain text,
    so claims and citations inside it could be missed or garbled, and their
    sources go unchecked (WP:V). Vandalism and broken templates are the usual
    cause; real articles nest a few levels.

    Fails:  {{a|{{a|{{a|... 40 levels ...}}}}}}
    Passes: {{cite web|title={{lang|fr|Le Monde}}}}
    """
    yield from _problems(article, ParseCode.NESTING_TOO_DEEP)


def time_budget_exceeded(article: Article, context: Context) -> Iterator[Hit]:
    """The article could not be parsed within the time budget, so no claims were read.

    One pathological page must not hang an audit or a CI job; past the budget
    (setup.cfg ``time-budget``, ``--time-budget``; 5 s by default) the parse is
    stopped and the article reported as not audited rather than as clean:
    its claims were never checked against WP:V.

    Fails:  an article whose parse takes 30 s with a 5 s budget
    Passes: an article parsed in 0.2 s
    """
    yield from _problems(article, ParseCode.TIME_BUDGET_EXCEEDED)


def slow_markup_neutralised(article: Article, context: Context) -> Iterator[Hit]:
    """Runs of unclosed markup (``{{``, ``[[``, ``<tag>``, ``<!--``, ``[http://``) were read as plain text.

    The parser retries every opener it cannot close, which takes seconds to
    minutes for a few thousand of them; such openers would end up as text
    anyway, so they are read as text at once. Unclosed markup usually means a
    broken template or vandalism worth fixing (WP:V needs readable citations).

    Fails:  {{x|{{x|{{x|... (4,000 openers, none closed)
    Passes: {{x|a}} {{x|b}}
    """
    yield from _problems(article, ParseCode.SLOW_MARKUP_NEUTRALISED)
