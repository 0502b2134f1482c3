"""Local worker processes that do tasks (tasks.py) and can be killed.

A worker given a chunk reads and audits its pages and reports each page as it
starts it. A worker given single pages holds two, the one it audits and the
next, so it never waits for the main process to read the input. Work in flight
is bounded by the number of workers, so memory stays flat however long the
input. A page that runs past the timeout gets its worker killed and replaced,
and what was queued behind that page (the rest of its chunk, the next page)
goes to the new worker: runaway parsing is really stopped, not just abandoned.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from multiprocessing.connection import Connection, wait

from auditor.batch.page import PageResult, Rank, error_result
from auditor.batch.tasks import ChunkDone, ChunkEnd, ChunkTask, PageTask, Started, Task, perform, read_error
from auditor.pipeline import Settings

#: Single pages a worker holds: the one in hand and the next.
DEPTH = 2


def _serve(conn: Connection, settings: Settings) -> None:
    """A worker's loop: do the tasks received, sending back what each yields, until told to stop.

    A thread receives the tasks, so the parent's sending of the next page never
    waits on this worker's sending of a result (which waits on the parent).
    """
    # Ctrl-C is the parent's to handle: a worker must not turn it into a page error
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_receive, args=(conn, inbox), daemon=True).start()
    while (item := inbox.get()) is not None:
        task, cutoff = item
        perform(task, settings, cutoff, conn.send)
    from auditor import compiled

    compiled.save()  # the patterns compiled on first use, for the next run's workers


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


class Account:
    """The parent's account of one worker's tasks: what it holds, what it is on, since when."""

    def __init__(self) -> None:
        self.tasks: deque[PageTask | ChunkTask] = deque()
        self.started = 0.0  # when the page in hand was started
        self.current: Started | None = None  # the page in hand of a chunk task
        self.finished: set[str] = set()  # pages of the chunk task in hand with their result

    def wants_more(self) -> bool:
        if any(isinstance(task, ChunkTask) for task in self.tasks):
            return False  # a chunk is work enough until it is done
        return len(self.tasks) < DEPTH

    def add(self, task: PageTask | ChunkTask) -> None:
        if not self.tasks:
            self.started = time.monotonic()
        self.tasks.append(task)

    def take(self, message: object) -> PageResult | ChunkDone | None:
        """Book a message of the worker; return what it means for the run (None: nothing yet)."""
        self.started = time.monotonic()  # the next page starts now
        if isinstance(message, Started):
            self.current = message
            return None
        if isinstance(message, ChunkDone) or isinstance(self.tasks[0], PageTask):
            self.tasks.popleft()
            self.finished, self.current = set(), None
        else:
            self.finished.add(message.key)
            self.current = None
        return message

    def lose(self, reason: str) -> tuple[list[PageResult | ChunkDone], list[PageTask | ChunkTask]]:
        """The worker is gone: the error results of the page in hand, and the tasks left to redo."""
        head = self.tasks.popleft()
        if isinstance(head, PageTask):
            return [error_result(head.page, head.chunk, reason)], list(self.tasks)
        chunk = head.chunk.id
        if self.current is None:  # lost between pages: read the rest once more, then give it up
            if head.attempt == 0:
                return [], [replace(head, skip=head.skip | self.finished, attempt=1), *self.tasks]
            return [error_result(read_error(chunk, reason), chunk, reason), ChunkDone(chunk)], list(self.tasks)
        rest = replace(head, skip=head.skip | self.finished | {self.current.page.key}, attempt=0)
        return [error_result(self.current.page, chunk, reason)], [rest, *self.tasks]


class _Worker:
    """One worker process and its account."""

    def __init__(self, context: multiprocessing.context.BaseContext, settings: Settings) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, settings), daemon=True)
        self.process.start()
        child.close()
        self.account = Account()

    def give(self, task: PageTask | ChunkTask, cutoff: Rank | None) -> None:
        self.account.add(task)
        try:
            self.conn.send((task, cutoff))
        except OSError:  # the worker died: the next wait sees it, and its account says what to redo
            pass

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
    context.set_forkserver_preload(["auditor.batch.preload"])
    return context


def audit_stream(tasks: Iterable[Task], settings: Settings, jobs: int,
                 cutoff: Callable[[], Rank | None] = lambda: None) -> Iterator[PageResult | ChunkDone]:
    """Do the tasks in ``jobs`` processes; yield each page's result, and ChunkDone when a chunk is complete.

    Results come in completion order, not input order. ``cutoff`` tells, as each
    task is sent, the rank a page must beat to keep its record (see page_result).
    """
    context = _context()
    workers = [_Worker(context, settings) for _ in range(max(1, jobs))]
    pending: Counter[str] = Counter()  # pages handed out, by chunk read here
    ended: list[str] = []
    source = iter(tasks)
    exhausted = False
    try:
        while True:
            for worker in workers:
                while worker.account.wants_more() and not exhausted:
                    task = next(source, None)
                    if task is None:
                        exhausted = True
                    elif isinstance(task, ChunkEnd):
                        ended.append(task.chunk)
                    else:
                        if isinstance(task, PageTask):
                            pending[task.chunk] += 1
                        worker.give(task, cutoff())
            yield from _finished_chunks(ended, pending)
            busy = [w for w in workers if w.account.tasks]
            if not busy:
                if exhausted:
                    return
                continue
            for worker, message, lost in _collect(busy, settings.page_timeout):
                if lost is None:
                    results = [worker.account.take(message)]
                else:
                    worker.stop(kill=True)
                    results, again = worker.account.lose(lost)
                    replacement = workers[workers.index(worker)] = _Worker(context, settings)
                    for task in again:
                        replacement.give(task, cutoff())
                for result in results:
                    if isinstance(result, PageResult) and result.chunk in pending:
                        pending[result.chunk] -= 1
                    if result is not None:
                        yield result
    finally:
        for worker in workers:
            worker.stop(kill=bool(worker.account.tasks))


def _finished_chunks(ended: list[str], pending: Counter[str]) -> Iterator[ChunkDone]:
    for chunk in [c for c in ended if pending[c] <= 0]:
        ended.remove(chunk)
        del pending[chunk]
        yield ChunkDone(chunk)


def _collect(busy: list[_Worker], timeout: float) -> Iterator[tuple[_Worker, object, str | None]]:
    """The next message of each worker that has one, or why a worker is lost (it died, or overran)."""
    deadline = min(w.account.started for w in busy) + timeout
    ready = wait([w.conn for w in busy], timeout=max(0.0, deadline - time.monotonic()))
    now = time.monotonic()
    for worker in busy:
        if worker.conn in ready:
            try:
                yield worker, worker.conn.recv(), None
            except (EOFError, OSError):
                yield worker, None, "worker process died while auditing this page"
        elif now - worker.account.started >= timeout:
            yield worker, None, f"timeout: audit took more than {timeout:g} s"
