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
from auditor.batch.tasks import ChunkDone, chunk_items, chunk_tasks

#: Chunks a worker should have for workers to read whole chunks (fewer: pages are handed out).
CHUNKS_PER_WORKER = 4


def run_local(chunks: list[Chunk], skip: Mapping[str, set[str]], settings: Settings, jobs: int,
              namespaces: tuple[int, ...], worst: Worst) -> Iterator[PageResult | ChunkDone]:
    """Stream every chunk through ``jobs`` local worker processes.

    ``worst`` is the run's list of the worst articles so far: only pages that can still get into it
    send their full record (see audit_stream). Workers read whole chunks when there are enough to keep
    them all busy to the end; otherwise the pages are read here and handed out one by one.
    """
    whole = len(chunks) >= CHUNKS_PER_WORKER * max(1, jobs)
    tasks = chunk_tasks(chunks, skip, namespaces, worst.size, whole)
    yield from audit_stream(tasks, settings, jobs, worst.cutoff)


def audit_chunk(chunk: Chunk, skip: set[str], settings: Settings, namespaces: tuple[int, ...],
                keep_records: int) -> list[PageResult]:
    """Audit one chunk where it is (a cluster worker): its results, records kept for its worst only.

    The pages go through one killable worker process, as locally, so the page
    timeout holds on a cluster too.
    """
    import multiprocessing

    worst = Worst(keep_records)
    results: list[PageResult] = []
    if multiprocessing.current_process().daemon:
        # a daemonic Dask worker may not start processes: audit here (timeouts then cannot stop a page)
        from auditor.batch.page import page_result

        for chunk_id, page in chunk_items([chunk], {chunk.id: skip}, namespaces):
            if page is not None:
                results.append(page_result(page, chunk_id, settings, worst.cutoff()))
                worst.offer_result(results[-1])
    else:
        tasks = chunk_tasks([chunk], {chunk.id: skip}, namespaces, keep_records)
        for result in audit_stream(tasks, settings, 1, worst.cutoff):
            if isinstance(result, PageResult):
                results.append(result)
                worst.offer_result(result)
    keys = {row["key"] for row in worst.rows()}
    return [r if r.key in keys else replace(r, record=None) for r in results]
