"""A batch run: plan the chunks, resume from the output folder, run an engine, write the results."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.batch.chunks import Chunk, Plan, plan_chunks, source_key
from auditor.batch.page import PageResult
from auditor.pipeline import Settings
from auditor.batch.progress import Progress
from auditor.batch.report import Worst, finish, save_record
from auditor.batch.store import ARTICLES, Store, iter_rows, writing
from auditor.batch.tasks import ChunkDone

COMMIT_SECONDS, COMMIT_PAGES = 1.0, 500


@dataclass(frozen=True)
class BatchOptions:
    """How to run: where to write, which engine, how many jobs, which pages."""

    out: Path
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    engine: str = "local"
    scheduler: str | None = None
    namespaces: tuple[int, ...] = (0,)
    worst: int = 20
    quiet: bool = False
    plan: Plan = Plan()
    dask_processes: bool = True


def _stderr(line: str) -> None:
    from auditor.reports.terminal import escape_controls

    print(escape_controls(line), file=sys.stderr)


def _fingerprint(sources: list[str], options: BatchOptions) -> dict[str, Any]:
    """What makes two runs the same run (so a folder resumes only the run it holds)."""
    names = [source_key(s) for s in sources]
    return json.loads(json.dumps({"sources": names, "namespaces": list(options.namespaces)}))


def _resume_state(store: Store, worst: Worst) -> tuple[dict[str, set[str]], int]:
    """Pages already written, by chunk not yet complete; and how many pages are written in all."""
    skip: dict[str, set[str]] = {}
    written = 0
    for row in iter_rows(store.folder / ARTICLES):
        written += 1
        worst.offer_row(row)
        if row["chunk"] not in store.done_chunks:
            skip.setdefault(row["chunk"], set()).add(row["key"])
    return skip, written


def _engine(chunks: list[Chunk], skip: dict[str, set[str]], settings: Settings,
            options: BatchOptions, worst: Worst) -> Iterator[PageResult | ChunkDone]:
    if options.engine == "dask":
        from auditor.batch.dask_engine import run_dask

        return run_dask(chunks, skip, settings, options.jobs, options.namespaces, options.scheduler,
                        options.worst, options.dask_processes)
    from auditor.batch.engines import run_local

    return run_local(chunks, skip, settings, options.jobs, options.namespaces, worst)


def run_batch(sources: list[str], options: BatchOptions, settings: Settings,
              warn: Callable[[str], None] = _stderr) -> dict[str, Any]:
    """Audit every page of the sources into ``options.out``; resume if the folder holds this run.

    A folder that cannot be written (read-only, a full disk) ends the run in one UserError.
    """
    chunks = plan_chunks(sources, options.plan)
    with writing(options.out):
        store = Store(options.out, _fingerprint(sources, options), warn)
        worst = Worst(options.worst)
        skip, written = _resume_state(store, worst)
        todo = [c for c in chunks if c.id not in store.done_chunks]
        sizes = [c.pages for c in chunks]
        total = sum(sizes) if all(s is not None for s in sizes) else None  # type: ignore[misc]
        progress = Progress(total, written, options.quiet)
        try:
            _write_results(_engine(todo, skip, settings, options, worst), store, worst, progress)
        finally:
            progress.close()
            store.close()
        return finish(options.out, options.worst)


def _write_results(results: Iterator[PageResult | ChunkDone], store: Store, worst: Worst,
                   progress: Progress) -> None:
    """Append results as they come; commit about once a second, and whatever is pending on the way out."""
    articles: list[str] = []
    claims: list[str] = []
    done: list[str] = []
    last = time.monotonic()
    try:
        for result in results:
            if isinstance(result, ChunkDone):
                done.append(result.chunk)
                continue
            if result.record is not None and worst.offer_result(result):
                save_record(store.folder, result)
            articles.append(result.article_line)
            claims.append(result.claim_lines)
            progress.add(result.error is not None)
            if len(articles) >= COMMIT_PAGES or time.monotonic() - last >= COMMIT_SECONDS:
                store.write(articles, claims)
                store.commit(done)
                articles, claims, done, last = [], [], [], time.monotonic()
    finally:
        # on Ctrl-C too: every result received is whole, so it is kept
        store.write(articles, claims)
        store.commit(done)
