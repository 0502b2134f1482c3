"""The local engine, and the one chunk function both engines run.

Both engines yield the same stream: PageResult for every page, and ChunkDone
once a chunk's pages all have results.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from auditor.batch.chunks import Chunk
from auditor.batch.page import PageResult
from auditor.pipeline import Settings
from auditor.batch.pool import audit_stream
from auditor.batch.report import Worst
from auditor.batch.tasks import ChunkDone, ChunkTask, chunk_tasks, perform

#: Chunks a worker should have for workers to read whole chunks (fewer: pages are handed out).
CHUNKS_PER_WORKER = 4


def run_local(chunks: list[Chunk], skip: Mapping[str, set[str]], settings: Settings, jobs: int,
              namespaces: tuple[int, ...], worst: Worst) -> Iterator[PageResult | ChunkDone]:
    """Stream every chunk through ``jobs`` local worker processes.

    ``worst`` is the run's list of the worst articles so far: only pages that can still get into it
    send their full record (see audit_stream). Workers read whole chunks when there are enough to keep
    them all busy; otherwise, and for the last chunk of each worker, the pages are read here and handed
    out one by one, so the workers finish together.
    """
    whole = len(chunks) >= CHUNKS_PER_WORKER * max(1, jobs)
    tasks = chunk_tasks(chunks, skip, namespaces, worst.size, whole, tail=max(1, jobs))
    yield from audit_stream(tasks, settings, jobs, worst.cutoff)


def audit_chunk(chunk: Chunk, skip: set[str], settings: Settings, namespaces: tuple[int, ...],
                keep_records: int) -> list[PageResult]:
    """Audit one chunk where it is (a cluster worker): its results, records kept for its worst only.

    The chunk is the task a local worker is given, done by the same loop (tasks.perform): through one
    killable worker process, as locally, so the page timeout holds on a cluster too; in this process
    where it may start none (a daemonic Dask worker), where a timeout then cannot stop a page.
    """
    import multiprocessing

    task = ChunkTask(chunk, frozenset(skip), namespaces, keep_records)
    if multiprocessing.current_process().daemon:
        messages: list[object] = []
        perform(task, settings, None, messages.append)
    else:
        messages = list(audit_stream([task], settings, 1))
    results = [m for m in messages if isinstance(m, PageResult)]
    worst = Worst(keep_records)
    for result in results:
        worst.offer_result(result)
    keys = {row["key"] for row in worst.rows()}
    return [r if r.key in keys else replace(r, record=None) for r in results]
