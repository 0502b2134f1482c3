"""Local worker processes that audit pages and can be killed.

Each worker holds at most two pages: the one it audits and the next, already
sent, so it never waits for the parent to read the input. Work in flight is
bounded by the number of workers and memory stays flat however long the
input. A page that runs past the timeout gets its worker killed and replaced
(the page queued behind it goes to the new worker): runaway parsing is really
stopped, not just abandoned.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from auditor.batch.page import PageResult, Rank, Settings, audit_page, error_result
from auditor.sources.pages import PageText

#: Pages a worker holds: the one in hand and the next.
DEPTH = 2


@dataclass(frozen=True)
class ChunkDone:
    """Every page of this chunk has its result (the chunk can be journalled as done)."""

    chunk: str


# An item of work: a page of a chunk, or (chunk, None) once the chunk has no more pages.
Item = tuple[str, PageText | None]


def _serve(conn: Connection, settings: Settings) -> None:
    """A worker's loop: audit the pages received, send back each result, until told to stop.

    A thread receives the pages, so the parent's sending of the next page never
    waits on this worker's sending of a result (which waits on the parent).
    """
    # Ctrl-C is the parent's to handle: a worker must not turn it into a page error
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_receive, args=(conn, inbox), daemon=True).start()
    while (item := inbox.get()) is not None:
        chunk, page, cutoff = item
        conn.send(audit_page(page, chunk, settings, cutoff))


def _receive(conn: Connection, inbox: queue.SimpleQueue) -> None:
    """Move what the parent sends into ``inbox``; None once told to stop or the parent is gone."""
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):  # the parent is gone (killed): nothing more to do
            item = None
        inbox.put(item)
        if item is None:
            return


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext, settings: Settings) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, settings), daemon=True)
        self.process.start()
        child.close()
        self.items: deque[tuple[str, PageText]] = deque()
        self.started = 0.0  # when the page in hand was started

    def give(self, chunk: str, page: PageText, cutoff: Rank | None) -> None:
        if not self.items:
            self.started = time.monotonic()
        self.items.append((chunk, page))
        self.conn.send((chunk, page, cutoff))

    def done(self) -> tuple[str, PageText]:
        """The page in hand is finished: the next one starts now."""
        self.started = time.monotonic()
        return self.items.popleft()

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: safe from threaded parents (a Dask worker), and cheap to replace a killed worker
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["auditor.batch.page", "auditor.audit", "auditor.reports.record"])
    return context


def audit_stream(items: Iterable[Item], settings: Settings, jobs: int,
                 cutoff: Callable[[], Rank | None] = lambda: None) -> Iterator[PageResult | ChunkDone]:
    """Audit pages in ``jobs`` processes; yield each result, and ChunkDone when a chunk is complete.

    Results come in completion order, not input order. ``cutoff`` tells, as each
    page is sent, the rank a page must beat to keep its record (see audit_page).
    """
    context = _context()
    workers = [_Worker(context, settings) for _ in range(max(1, jobs))]
    pending: Counter[str] = Counter()
    ended: list[str] = []
    source = iter(items)
    exhausted = False
    try:
        while True:
            for worker in workers:
                while len(worker.items) < DEPTH and not exhausted:
                    item = next(source, None)
                    if item is None:
                        exhausted = True
                    elif item[1] is None:
                        ended.append(item[0])
                    else:
                        pending[item[0]] += 1
                        worker.give(item[0], item[1], cutoff())
            yield from _finished_chunks(ended, pending)
            busy = [w for w in workers if w.items]
            if not busy:
                if exhausted:
                    return
                continue
            for worker, result, lost in _collect(busy, settings.page_timeout):
                pending[result.chunk] -= 1
                if lost:
                    replacement = _Worker(context, settings)
                    for chunk, page in worker.items:  # the pages queued behind the lost one
                        replacement.give(chunk, page, cutoff())
                    workers[workers.index(worker)] = replacement
                yield result
    finally:
        for worker in workers:
            worker.stop(kill=bool(worker.items))


def _finished_chunks(ended: list[str], pending: Counter[str]) -> Iterator[ChunkDone]:
    for chunk in [c for c in ended if pending[c] <= 0]:
        ended.remove(chunk)
        del pending[chunk]
        yield ChunkDone(chunk)


def _collect(busy: list[_Worker], timeout: float) -> Iterator[tuple[_Worker, PageResult, bool]]:
    """Results of the workers that finish (or overrun) next; True marks a worker lost (to replace)."""
    deadline = min(w.started for w in busy) + timeout
    ready = wait([w.conn for w in busy], timeout=max(0.0, deadline - time.monotonic()))
    now = time.monotonic()
    for worker in busy:
        if worker.conn in ready:
            try:
                result = worker.conn.recv()
            except (EOFError, OSError):
                chunk, page = worker.items.popleft()
                worker.stop(kill=True)
                yield worker, error_result(page, chunk, "worker process died while auditing this page"), True
                continue
            worker.done()
            yield worker, result, False
        elif now - worker.started >= timeout:
            chunk, page = worker.items.popleft()
            worker.stop(kill=True)
            yield worker, error_result(page, chunk, f"timeout: audit took more than {timeout:g} s"), True
