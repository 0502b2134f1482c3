"""What a worker is given to do, and how a worker does it.

A chunk a worker can read for itself (a byte range of a multistream dump, a
list of files) is one task: the worker reads, decompresses and audits its
pages, so the main process only writes results and one main process keeps
many workers busy. The pages of other chunks (a one-stream dump, which
cannot be split; titles, fetched one request at a time as Wikimedia asks)
are read by the main process and handed out one page per task.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

from auditor.batch.chunks import Chunk, read_chunk
from auditor.batch.page import PageResult, Rank, page_result
from auditor.model import SourceInfo
from auditor.pipeline import Settings
from auditor.sources.pages import PageText

#: Chunk kinds a worker reads itself.
WORKER_READ = frozenset({"range", "files"})


@dataclass(frozen=True)
class ChunkDone:
    """Every page of this chunk has its result (the chunk can be journalled as done)."""

    chunk: str


@dataclass(frozen=True)
class PageTask:
    """Audit one page the main process read."""

    chunk: str
    page: PageText


@dataclass(frozen=True)
class ChunkTask:
    """Read and audit the pages of a chunk, but those in ``skip``; keep records for its ``worst`` N only.

    ``attempt`` counts the times a worker was lost reading it between two pages (see pool.Account.lose).
    """

    chunk: Chunk
    skip: frozenset[str]
    namespaces: tuple[int, ...]
    worst: int
    attempt: int = 0


@dataclass(frozen=True)
class ChunkEnd:
    """The main process has handed out every page of this chunk."""

    chunk: str


@dataclass(frozen=True)
class Started:
    """A worker reading a chunk began this page (sent without its text: for timeouts and their errors)."""

    page: PageText


Task = PageTask | ChunkTask | ChunkEnd


def chunk_items(chunks: Iterable[Chunk], skip: Mapping[str, set[str]] | Mapping[str, frozenset[str]],
                namespaces: tuple[int, ...]) -> Iterator[tuple[str, PageText | None]]:
    """The pages of each chunk not written yet, then (chunk id, None) for the chunk's end.

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
            page = read_error(chunk.id, f"{type(error).__name__}: {error}")
            if page.key not in done:
                yield chunk.id, page
        yield chunk.id, None


def read_error(chunk: str, reason: str) -> PageText:
    """The error page of a chunk that could not be read to its end."""
    return PageText(key=f"{chunk}:read-error", title=chunk, text="", source=SourceInfo("chunk", chunk),
                    error=f"cannot read this part of the input: {reason}")


def chunk_tasks(chunks: Iterable[Chunk], skip: Mapping[str, set[str]], namespaces: tuple[int, ...],
                worst: int, whole: bool = True, tail: int = 0) -> Iterator[Task]:
    """The tasks of each chunk: the chunk itself where a worker can read it (and ``whole``), else its
    pages and its end. Handing out pages spreads a run of few chunks over all the workers; so do the
    last ``tail`` chunks go as pages, so that no worker sits idle while another finishes a whole chunk."""
    chunks = list(chunks)
    for number, chunk in enumerate(chunks):
        if whole and chunk.kind in WORKER_READ and number < len(chunks) - tail:
            yield ChunkTask(chunk, frozenset(skip.get(chunk.id, ())), namespaces, worst)
            continue
        for chunk_id, page in chunk_items([chunk], skip, namespaces):
            yield PageTask(chunk_id, page) if page is not None else ChunkEnd(chunk_id)


def perform(task: PageTask | ChunkTask, settings: Settings, cutoff: Rank | None,
            send: Callable[[object], None]) -> None:
    """Do a task in a worker, sending each message (Started, PageResult, ChunkDone) as it comes."""
    if isinstance(task, PageTask):
        send(page_result(task.page, task.chunk, settings, cutoff))
        return
    from auditor.batch.report import Worst

    worst = Worst(task.worst)  # a page not among its chunk's worst N cannot be among the run's
    for chunk_id, page in chunk_items([task.chunk], {task.chunk.id: task.skip}, task.namespaces):
        if page is None:
            break
        send(Started(replace(page, text="")))
        result: PageResult = page_result(page, chunk_id, settings, _tighter(cutoff, worst.cutoff()))
        worst.offer_result(result)
        send(result)
    send(ChunkDone(task.chunk.id))


def _tighter(first: Rank | None, second: Rank | None) -> Rank | None:
    """The stricter of two cutoffs (None: no cutoff)."""
    if first is None or second is None:
        return second if first is None else first
    return min(first, second)
