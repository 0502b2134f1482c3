"""The parent's account of a worker: which page is in hand, and what is redone when the worker is lost."""

from __future__ import annotations

from dataclasses import replace

import pytest

from auditor.batch.chunks import Chunk
from auditor.batch.page import PageResult
from auditor.batch.pool import Account
from auditor.batch.tasks import ChunkDone, ChunkTask, PageTask, Started
from auditor.model import SourceInfo
from auditor.sources.pages import PageText

CHUNK = Chunk(id="d.xml.bz2@0-99", kind="range", path="d.xml.bz2", start=0, end=99)


def page(key: str) -> PageText:
    return PageText(key=key, title=f"Title {key}", text="", source=SourceInfo("dump", "d.xml.bz2"))


def result(key: str, chunk: str = CHUNK.id) -> PageResult:
    return PageResult(key, chunk, f"Title {key}", 90.0, 3, 0, None, "{}", "")


def chunk_task(skip: frozenset[str] = frozenset()) -> ChunkTask:
    return ChunkTask(CHUNK, skip, (0,), 20)


def test_single_pages_are_held_two_at_a_time_and_a_chunk_alone() -> None:
    account = Account()
    account.add(PageTask("c", page("a")))
    assert account.wants_more()
    account.add(PageTask("c", page("b")))
    assert not account.wants_more()
    account.take(result("a", "c"))
    assert account.wants_more() and [t.page.key for t in account.tasks] == ["b"]
    chunked = Account()
    chunked.add(chunk_task())
    assert not chunked.wants_more()


def test_a_chunk_is_followed_page_by_page_until_it_is_done() -> None:
    account = Account()
    account.add(chunk_task())
    assert account.take(Started(page("a"))) is None and account.current.page.key == "a"
    assert account.take(result("a")) == result("a") and account.current is None
    assert account.finished == {"a"} and len(account.tasks) == 1
    assert account.take(ChunkDone(CHUNK.id)) == ChunkDone(CHUNK.id)
    assert not account.tasks and not account.finished


CASES = [
    # (what the worker was given, messages it sent before it was lost, error keys, then what is redone)
    ("the page in hand fails, the next page is redone",
     [PageTask("c", page("a")), PageTask("c", page("b"))], [], ["a"], [("page", "b")]),
    ("the page of a chunk in hand fails, the rest of the chunk is redone without it and the pages done",
     [chunk_task(frozenset({"old"}))], [Started(page("a")), result("a"), Started(page("b"))], ["b"],
     [("chunk", "a,b,old")]),
    ("lost between two pages of a chunk: the rest of the chunk is read once more",
     [chunk_task()], [Started(page("a")), result("a")], [], [("chunk", "a")]),
    ("lost between two pages of a chunk a second time: the chunk ends with a read error",
     [replace(chunk_task(), attempt=1)], [Started(page("a")), result("a")], [f"{CHUNK.id}:read-error", "done"], []),
]


@pytest.mark.parametrize("given,sent,errors,redo", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_lost_worker(given: list, sent: list, errors: list[str], redo: list[tuple[str, str]]) -> None:
    account = Account()
    for task in given:
        account.add(task)
    for message in sent:
        account.take(message)
    results, again = account.lose("timeout: audit took more than 1 s")
    assert [r.key if isinstance(r, PageResult) else "done" for r in results] == errors
    assert all(r.error.endswith("timeout: audit took more than 1 s") for r in results if isinstance(r, PageResult))
    assert [("page", t.page.key) if isinstance(t, PageTask) else ("chunk", ",".join(sorted(t.skip)))
            for t in again] == redo


def test_a_worker_killed_while_holding_pages_loses_only_the_page_in_hand() -> None:
    """The parent may send the next page to a worker that just died: the run goes on without it."""
    import multiprocessing
    import os
    import signal
    import time
    from pathlib import Path

    from auditor.batch.pool import audit_stream
    from auditor.batch.tasks import ChunkEnd
    from tests.batch_helpers import SETTINGS

    text = (Path(__file__).parent.parent / "fixtures" / "wikitext" / "Plurality.wiki").read_text("utf-8")
    tasks = [PageTask("c", PageText(key=f"k{i}", title=f"T{i}", text=text, source=SourceInfo("dump", "d")))
             for i in range(6)]
    stream = audit_stream([*tasks, ChunkEnd("c")], SETTINGS, 1)
    first = next(stream)
    for child in multiprocessing.active_children():
        os.kill(child.pid, signal.SIGKILL)
    time.sleep(0.5)
    rest = list(stream)
    results = [first, *rest[:-1]]
    assert rest[-1] == ChunkDone("c") and sorted(r.key for r in results) == [f"k{i}" for i in range(6)]
    # One page was in the dead worker's hand: k1 as a rule, a later one when a loaded machine let the worker
    # finish k1 before the kill landed. Every other page is audited.
    lost = [r for r in results if r.error]
    assert len(lost) == 1 and lost[0].key != "k0"
    assert lost[0].error == "worker process died while auditing this page"


def test_chunks_go_whole_to_workers_only_when_asked_and_readable_there() -> None:
    from auditor.batch.tasks import ChunkEnd, chunk_tasks

    titles = Chunk(id="titles:t#0", kind="titles", items=())
    whole = list(chunk_tasks([CHUNK, titles], {}, (0,), 20, whole=True))
    assert [type(t).__name__ for t in whole] == ["ChunkTask", "ChunkEnd"]  # titles are read here, one by one
    assert whole[1] == ChunkEnd("titles:t#0")
