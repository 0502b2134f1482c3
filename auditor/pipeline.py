"""The one pipeline of every command: a page in, its record out.

Sources yield ``PageText`` (files, stdin, wiki pages, titles, categories, dumps);
``audit_page`` turns one into its record (parse -> checks -> scoring -> record);
an engine runs it over many. ``run_sequential`` is the engine of `auditor audit`
and `auditor diff`, in this process and in order; `auditor batch` runs the same
``audit_page`` in killable worker processes (batch/pool.py) or on Dask
(batch/dask_engine.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from auditor import clock
from auditor.config import Config
from auditor.sources.pages import PageText


@dataclass(frozen=True)
class Settings:
    """What every page of a run is audited with (picklable, sent to workers once)."""

    config: Config
    today: str
    generated: str
    version: str
    page_timeout: float = 60.0  # batch: seconds a page may take before its worker is stopped
    #: The record says how long its audit took (`auditor audit`; a batch's stored records do not).
    timed: bool = False


def audit_page(page: PageText, settings: Settings) -> dict[str, Any]:
    """Audit one page into its record, with the seconds it took when ``settings.timed`` (and the clock is
    not fixed: a reproducible record has no timing).

    A page whose ``titled`` is False (a file) is titled by the parse, from its name or a copy's first line.
    The cyclic garbage collector is paused for the record too, which is as many objects again as the model.
    """
    from auditor.audit import audit_text, gc_paused
    from auditor.reports.record import build_record

    started = time.perf_counter()
    with gc_paused():
        result = audit_text(page.text, settings.config, page.source, page.input_format,
                            page.title if page.titled else None, settings.today)
        return build_record(result, settings.generated, settings.version,
                            time.perf_counter() - started if settings.timed and not clock.fixed() else None)


def run_sequential(pages: Iterable[PageText], settings: Settings) -> Iterator[tuple[PageText, dict[str, Any] | None]]:
    """The sequential engine: each page and its record, in order, in this process.

    A page that could not be read (``error``) or is no article (``skipped``) comes with None; any other
    failure is raised, with its traceback (the batch engines make it the page's error record instead).
    """
    for page in pages:
        yield page, (None if page.error is not None or page.skipped is not None else audit_page(page, settings))
