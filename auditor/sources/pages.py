"""One page, as every source yields it: the text with where it came from.

Plain, picklable data, so pages can travel to worker processes and cluster
workers. Every source (files, stdin, wiki pages, titles files, categories,
dumps) yields these, for `auditor audit` and `auditor batch` alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.model import SourceInfo

_REDIRECT = re.compile(r"\s*#redirect\s*:?\s*\[\[", re.IGNORECASE)


@dataclass(frozen=True)
class PageText:
    """The latest text of one page and its identity.

    ``key`` names the page uniquely within a run (it is what batch's resume skips by).
    ``error`` is set, and ``text`` empty, when the page could not be read; ``skipped`` says why a page
    that was read is no article to audit (a disambiguation page). ``input_format`` is how to read the
    text: "auto" (the content decides, as for every file), or what the source knows it to be.
    """

    key: str
    title: str
    text: str
    source: SourceInfo
    page_id: int | None = None
    namespace: int = 0
    input_format: str = "wikitext"
    error: str | None = None
    skipped: str | None = None
    #: False for a file: ``title`` is only its name until the audit titles it (from the name or a copy's
    #: first line).
    titled: bool = True


def error_page(key: str, title: str, source: SourceInfo, error: str) -> PageText:
    """A page that could not be read: its identity and why."""
    return PageText(key=key, title=title, text="", source=source, error=error)


def is_redirect_text(text: str) -> bool:
    """Whether wikitext is a redirect page (``#REDIRECT [[Target]]``)."""
    return _REDIRECT.match(text) is not None
