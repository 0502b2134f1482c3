"""Workers killed with SIGKILL in the middle of a batch: on a real Dask cluster (a `dask scheduler` and two
`dask worker` processes started from their command line on 127.0.0.1), and a local worker process
(`--jobs 2`) killed mid-page. The run finishes, or resumes, with every page's record exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from auditor.sources.dumpwriter import write_multistream
from tests.batch_helpers import real_pages

ROOT = Path(__file__).resolve().parent.parent
PAGES = 60
DASK = Path(sys.executable).with_name("dask")
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}


def _dump(folder: Path, count: int = PAGES) -> list:
    pages = real_pages(count)
    write_multistream(pages, folder / "d-multistream.xml.bz2", folder / "d-multistream-index.txt", 2)
    return pages


def _rows(out: Path, name: str = "articles.jsonl") -> list[dict]:
    path = out / name
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []


def _until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _batch(folder: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "auditor", "batch", "d-multistream.xml.bz2", "--out", "out",
                             "--quiet", "--worst", "5", *args], cwd=folder, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _finish_or_resume(folder: Path, process: subprocess.Popen, pages: list, *args: str) -> None:
    """Let the killed run end; resume it if it did not finish; then every page is there exactly once."""
    code = process.wait(timeout=120)
    if code != 0:
        resumed = _batch(folder, *args)
        assert resumed.wait(timeout=120) == 0, resumed.stderr.read().decode()
    rows = _rows(folder / "out")
    print(f"the killed run exited {code}; {sum(1 for r in rows if r['error'])} error records: "
          f"{sorted({r['error'] for r in rows if r['error']})}")
    assert Counter(r["page_id"] for r in rows) == Counter(p.page_id for p in pages)
    claims = Counter(c["key"] for c in _rows(folder / "out", "claims.jsonl"))
    assert claims == {r["key"]: r["weak"] for r in rows if r["weak"]}
    assert len(json.loads((folder / "out" / "summary.json").read_text())["worst"]) == 5


@pytest.mark.skipif(not DASK.exists(), reason="the dask command line is not installed")
def test_a_dask_worker_killed_mid_run(tmp_path: Path) -> None:
    # Enough pages that a loaded machine cannot finish them between two looks at the output (60 could).
    pages = _dump(tmp_path, 6 * PAGES)
    started: list[subprocess.Popen] = []

    def start(*args: str) -> subprocess.Popen:
        started.append(subprocess.Popen([str(DASK), *args], cwd=tmp_path, env=ENV, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL))
        return started[-1]

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", "s.json")
        # The scheduler creates the file before it writes it: wait for the address, not the name.
        _until(lambda: _address(tmp_path / "s.json"), 30, "the scheduler")
        address = _address(tmp_path / "s.json")
        workers = [start("worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny",
                         "--no-dashboard", "--name", f"w{n}") for n in range(2)]
        args = ("--engine", "dask", "--scheduler", address)
        run = _batch(tmp_path, *args)
        _until(lambda: len(_rows(tmp_path / "out")) >= 6, 90, "the first chunks")
        written = len(_rows(tmp_path / "out"))
        os.kill(workers[0].pid, signal.SIGKILL)
        assert written < len(pages), "the kill must land mid-run"
        _finish_or_resume(tmp_path, run, pages, *args)
    finally:
        for process in reversed(started):
            process.kill()
            process.wait()


def _address(path: Path) -> str | None:
    """The address in a scheduler file, or None while the file is missing or not yet written whole."""
    try:
        return json.loads(path.read_text())["address"]
    except (OSError, ValueError, KeyError):
        return None


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the worker processes through /proc")
def test_a_local_worker_process_killed_mid_page(tmp_path: Path) -> None:
    pages = _dump(tmp_path, 6 * PAGES)  # as for the cluster: a loaded machine must not finish before the kill
    run = _batch(tmp_path, "--jobs", "2")
    _until(lambda: len(_rows(tmp_path / "out")) >= 4, 90, "the first pages")
    # the workers are forked by the run's forkserver process
    servers = [pid for pid in _children(run.pid) if b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    workers = [pid for server in servers for pid in _children(server)]
    assert len(workers) == 2, "the run's two worker processes"
    os.kill(workers[0], signal.SIGKILL)  # it is auditing a page: a worker always holds one until the end
    assert len(_rows(tmp_path / "out")) < len(pages), "the kill must land mid-run"
    _finish_or_resume(tmp_path, run, pages, "--jobs", "2")
