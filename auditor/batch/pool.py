"""Local worker processes that audit pages one at a time and can be killed.

Each worker holds at most one page, so work in flight is bounded by the
number of workers and memory stays flat however long the input. A page that
runs past the timeout gets its worker killed and replaced: runaway parsing is
really stopped, not just abandoned.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from auditor.batch.page import PageResult, Settings, audit_page, error_result
from auditor.sources.pages import PageText


@dataclass(frozen=True)
class ChunkDone:
    """Every page of this chunk has its result (the chunk can be journalled as done)."""

    chunk: str


# An item of work: a page of a chunk, or (chunk, None) once the chunk has no more pages.
Item = tuple[str, PageText | None]


def _serve(conn: Connection, settings: Settings) -> None:
    """A worker's loop: receive a page, send back its result, until told to stop."""
    # Ctrl-C is the parent's to handle: a worker must not turn it into a page error
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            item = conn.recv()
        except EOFError:  # the parent is gone (killed): nothing more to do
            return
        if item is None:
            return
        chunk, page = item
        conn.send(audit_page(page, chunk, settings))


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext, settings: Settings) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, settings), daemon=True)
        self.process.start()
        child.close()
        self.item: tuple[str, PageText] | None = None
        self.started = 0.0

    def give(self, chunk: str, page: PageText) -> None:
        self.item, self.started = (chunk, page), time.monotonic()
        self.conn.send((chunk, page))

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


def audit_stream(items: Iterable[Item], settings: Settings, jobs: int) -> Iterator[PageResult | ChunkDone]:
    """Audit pages in ``jobs`` processes; yield each result, and ChunkDone when a chunk is complete.

    Results come in completion order, not input order.
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
                while worker.item is None and not exhausted:
                    item = next(source, None)
                    if item is None:
                        exhausted = True
                    elif item[1] is None:
                        ended.append(item[0])
                    else:
                        pending[item[0]] += 1
                        worker.give(item[0], item[1])
            yield from _finished_chunks(ended, pending)
            busy = [w for w in workers if w.item is not None]
            if not busy:
                if exhausted:
                    return
                continue
            for index, result in _collect(busy, settings.page_timeout, context):
                pending[result.chunk] -= 1
                if index is not None:
                    workers[workers.index(busy[index])] = _Worker(context, settings)
                yield result
    finally:
        for worker in workers:
            worker.stop(kill=worker.item is not None)


def _finished_chunks(ended: list[str], pending: Counter[str]) -> Iterator[ChunkDone]:
    for chunk in [c for c in ended if pending[c] <= 0]:
        ended.remove(chunk)
        del pending[chunk]
        yield ChunkDone(chunk)


def _collect(busy: list[_Worker], timeout: float, context) -> Iterator[tuple[int | None, PageResult]]:
    """Results of the workers that finish (or overrun) next; an index marks a worker to replace."""
    deadline = min(w.started for w in busy) + timeout
    ready = wait([w.conn for w in busy], timeout=max(0.0, deadline - time.monotonic()))
    now = time.monotonic()
    for index, worker in enumerate(busy):
        chunk, page = worker.item
        if worker.conn in ready:
            try:
                result = worker.conn.recv()
            except (EOFError, OSError):
                worker.item = None
                worker.stop(kill=True)
                yield index, error_result(page, chunk, "worker process died while auditing this page")
                continue
            worker.item = None
            yield None, result
        elif now - worker.started >= timeout:
            worker.item = None
            worker.stop(kill=True)
            yield index, error_result(page, chunk, f"timeout: audit took more than {timeout:g} s")
