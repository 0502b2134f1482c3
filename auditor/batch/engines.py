"""The local engine, and the one chunk function both engines run.

Both engines yield the same stream: PageResult for every page, and ChunkDone
once a chunk's pages all have results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace

from auditor.batch.chunks import Chunk, read_chunk
from auditor.batch.page import PageResult, Rank, Settings
from auditor.batch.pool import ChunkDone, Item, audit_stream
from auditor.model import SourceInfo
from auditor.sources.pages import PageText


def chunk_items(chunks: Iterable[Chunk], skip: Mapping[str, set[str]],
                namespaces: tuple[int, ...]) -> Iterator[Item]:
    """The pages of each chunk not written yet, then the chunk's end marker.

    A chunk that cannot be read to its end (a corrupt stream, broken XML) ends
    with an error page, so the run goes on.
    """
    for chunk in chunks:
        done = skip.get(chunk.id, set())
        try:
            for page in read_chunk(chunk, namespaces):
                if page.key not in done:
                    yield chunk.id, page
        except Exception as error:  # isolation: a broken chunk is recorded, the run goes on
            key = f"{chunk.id}:read-error"
            if key not in done:
                yield chunk.id, PageText(key=key, title=chunk.id, text="", source=SourceInfo("chunk", chunk.id),
                                         error=f"cannot read this part of the input: {type(error).__name__}: "
                                               f"{error}")
        yield chunk.id, None


def run_local(chunks: list[Chunk], skip: Mapping[str, set[str]], settings: Settings, jobs: int,
              namespaces: tuple[int, ...], cutoff: Callable[[], Rank | None] = lambda: None,
              ) -> Iterator[PageResult | ChunkDone]:
    """Stream every chunk through ``jobs`` local worker processes (``cutoff``: see audit_stream)."""
    yield from audit_stream(chunk_items(chunks, skip, namespaces), settings, jobs, cutoff)


def audit_chunk(chunk: Chunk, skip: set[str], settings: Settings, namespaces: tuple[int, ...],
                keep_records: int) -> list[PageResult]:
    """Audit one chunk where it is (a cluster worker): its results, records kept for its worst only.

    The pages go through one killable worker process, as locally, so the page
    timeout holds on a cluster too.
    """
    import multiprocessing

    from auditor.batch.report import Worst

    items = chunk_items([chunk], {chunk.id: skip}, namespaces)
    worst = Worst(keep_records)
    if multiprocessing.current_process().daemon:
        # a daemonic Dask worker may not start processes: audit here (timeouts then cannot stop a page)
        from auditor.batch.page import audit_page

        results = []
        for cid, page in items:
            if page is not None:
                results.append(audit_page(page, cid, settings, worst.cutoff()))
                worst.offer_result(results[-1])
    else:
        results = []
        for result in audit_stream(items, settings, 1, worst.cutoff):
            if isinstance(result, PageResult):
                results.append(result)
                worst.offer_result(result)
    keys = {row["key"] for row in worst.rows()}
    return [r if r.key in keys else replace(r, record=None) for r in results]
