"""The progress of a batch run: a bar on a terminal, plain lines in a log, nothing when quiet."""

from __future__ import annotations

import io

import pytest

from auditor.batch.progress import Progress


class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def run(total: int | None, tty: bool, quiet: bool = False, pages: int = 4, errors: int = 1,
        done: int = 0) -> str:
    stream = Stream(tty)
    progress = Progress(total, done, quiet, stream, every=0)
    for number in range(pages):
        progress.add(error=number < errors)
    progress.close()
    return stream.getvalue()


def test_a_terminal_gets_one_bar_redrawn_in_place() -> None:
    shown = run(8, tty=True)
    frames = shown.rstrip("\n").split("\r\x1b[K")[1:]
    assert len(frames) == 5 and shown.endswith("\n")  # 4 pages and the close, then the line is left
    assert frames[-1].startswith("[############............] 4/8 pages (50%)")
    assert "1 errors" in frames[-1] and "ETA 0:00:00" in frames[-1] and "pages/s" in frames[-1]


def test_a_log_gets_plain_lines_without_a_bar_or_escapes() -> None:
    lines = run(8, tty=False).splitlines()
    assert len(lines) == 5 and all(line.startswith("auditor batch: ") for line in lines)
    assert "\x1b" not in "".join(lines) and "[" not in lines[-1]
    assert lines[-1].startswith("auditor batch: 4/8 pages (50%)")


def test_without_a_total_there_is_no_bar_and_no_eta() -> None:
    last = run(None, tty=True).rstrip("\n").split("\r\x1b[K")[-1]
    assert last.startswith("4 pages") and "ETA" not in last and "#" not in last


def test_a_resumed_run_counts_from_the_pages_written_before() -> None:
    last = run(10, tty=False, done=6).splitlines()[-1]
    assert last.startswith("auditor batch: 10/10 pages (100%)")


@pytest.mark.parametrize("tty", [True, False])
def test_quiet_shows_nothing(tty: bool) -> None:
    assert run(8, tty=tty, quiet=True) == ""


def test_lines_come_no_more_often_than_asked() -> None:
    stream = Stream(False)
    progress = Progress(100, stream=stream, every=3600)
    for _ in range(50):
        progress.add(error=False)
    assert stream.getvalue() == ""
    progress.close()
    assert stream.getvalue().count("\n") == 1
