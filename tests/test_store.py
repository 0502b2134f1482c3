"""The batch store against what a machine and a user do to it: paths spelled another way, files cut at any
byte, garbage in the journal, a folder that cannot be written, long titles. Each resume must give the records
of a clean run, every one exactly once."""

from __future__ import annotations

import errno
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import auditor.batch.run as batch_run
from auditor.batch.report import record_name
from auditor.errors import UserError
from auditor.sources.dumpwriter import write_multistream
from tests.batch_helpers import real_pages, run

ROOT = Path(__file__).resolve().parent.parent
PAGES = 12


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list]]:
    """A multistream dump of 12 pages (six chunks), and the rows of a clean run over it (a commit every 2 pages)."""
    folder = tmp_path_factory.mktemp("store")
    write_multistream(real_pages(PAGES), folder / "d-multistream.xml.bz2", folder / "d-multistream-index.txt", 2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch_run, "COMMIT_PAGES", 2)
        run([str(folder / "d-multistream.xml.bz2")], folder / "clean", jobs=1)
    return folder, _contents(folder / "clean")


def _contents(out: Path) -> dict[str, list]:
    """Every record of the store, sorted, to compare runs."""
    lines = {name: (out / name).read_text("utf-8").splitlines() for name in ("articles.jsonl", "claims.jsonl")}
    return {name: sorted(rows) for name, rows in lines.items()}


def _resume(dump: str, out: Path, warned: list[str] | None = None) -> dict[str, list]:
    from auditor.batch.run import BatchOptions, run_batch
    from auditor.batch.chunks import Plan
    from tests.batch_helpers import SETTINGS

    options = BatchOptions(out=out, quiet=True, plan=Plan(streams_per_chunk=2), jobs=1)
    run_batch([dump], options, SETTINGS, (warned if warned is not None else []).append)
    return _contents(out)


@pytest.mark.parametrize("spelling", ["relative", "dot-slash", "absolute", "symlink"])
def test_resuming_with_the_dump_spelled_another_way_audits_nothing_twice(clean, spelling: str, monkeypatch) -> None:
    folder, expected = clean
    out = folder / f"spelled-{spelling}"
    shutil.copytree(folder / "clean", out)
    monkeypatch.chdir(folder)
    if spelling == "symlink" and not (folder / "link.xml.bz2").exists():
        (folder / "link.xml.bz2").symlink_to(folder / "d-multistream.xml.bz2")
    dump = {"relative": "d-multistream.xml.bz2", "dot-slash": "./d-multistream.xml.bz2",
            "absolute": str(folder / "d-multistream.xml.bz2"), "symlink": "link.xml.bz2"}[spelling]
    assert _resume(dump, out) == expected


@pytest.mark.parametrize("seed", range(8))
def test_a_store_cut_at_any_byte_resumes_to_the_records_of_a_clean_run(clean, seed: int) -> None:
    """articles.jsonl, claims.jsonl or both cut at random byte offsets: truncated to whole records, never padded."""
    folder, expected = clean
    rnd = random.Random(seed)
    out = folder / f"cut-{seed}"
    shutil.copytree(folder / "clean", out)
    for name in rnd.choice([["articles.jsonl"], ["claims.jsonl"], ["articles.jsonl", "claims.jsonl"]]):
        size = (out / name).stat().st_size
        os.truncate(out / name, rnd.randrange(size) if size else 0)
    warned: list[str] = []
    assert _resume(str(folder / "d-multistream.xml.bz2"), out, warned) == expected
    assert b"\0" not in (out / "articles.jsonl").read_bytes() + (out / "claims.jsonl").read_bytes()
    assert _resume(str(folder / "d-multistream.xml.bz2"), out) == expected  # and again: the journal was mended


@pytest.mark.parametrize("seed", range(4))
def test_garbage_lines_in_the_journal_are_skipped_with_a_message(clean, seed: int) -> None:
    folder, expected = clean
    rnd = random.Random(seed)
    out = folder / f"garbage-{seed}"
    shutil.copytree(folder / "clean", out)
    lines = (out / "journal.jsonl").read_bytes().splitlines(keepends=True)
    for garbage in rnd.sample([b"\x00\x00\x00\n", b"{not json\n", b'{"articles": "x", "done": 3}\n', b"[1, 2]\n"], 2):
        lines.insert(rnd.randrange(1, len(lines) + 1), garbage)
    (out / "journal.jsonl").write_bytes(b"".join(lines))
    warned: list[str] = []
    assert _resume(str(folder / "d-multistream.xml.bz2"), out, warned) == expected
    assert len(warned) == 2 and all("is not a journal entry; skipped" in w for w in warned)


def test_a_journal_whose_first_line_is_garbage_stops_in_one_line(clean) -> None:
    folder, _ = clean
    out = folder / "garbage-first"
    shutil.copytree(folder / "clean", out)
    (out / "journal.jsonl").write_bytes(b"garbage\n" + (out / "journal.jsonl").read_bytes())
    with pytest.raises(UserError, match="line 1 is not the fingerprint of a batch run"):
        _resume(str(folder / "d-multistream.xml.bz2"), out)


def test_a_damaged_line_inside_articles_jsonl_stops_in_one_line(clean) -> None:
    """Not a cut but damage below the committed size: it cannot be mended, and it is said in one line."""
    folder, _ = clean
    out = folder / "damaged"
    shutil.copytree(folder / "clean", out)
    data = bytearray((out / "articles.jsonl").read_bytes())
    data[10:20] = b"\0" * 10
    (out / "articles.jsonl").write_bytes(bytes(data))
    with pytest.raises(UserError, match="articles.jsonl: line 1 is not a record"):
        _resume(str(folder / "d-multistream.xml.bz2"), out)


def test_a_full_disk_ends_in_one_line(clean, monkeypatch) -> None:
    """ENOSPC when the store makes its lines durable (fsync), as on a disk that just filled up."""
    folder, _ = clean

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(UserError, match="cannot write the batch output: No space left on device"):
        _resume(str(folder / "d-multistream.xml.bz2"), folder / "full")


def _mounted(kind: list[str], at: Path) -> bool:
    at.mkdir()
    return subprocess.run(["mount", *kind, str(at)], capture_output=True).returncode == 0


@pytest.mark.parametrize("fault", ["read-only", "tiny-disk"])
def test_an_output_folder_that_cannot_be_written_ends_in_one_line_and_exit_2(clean, fault: str, tmp_path) -> None:
    """Through the CLI, on a real read-only mount or a 64 KB tmpfs (skipped where mounting is not allowed)."""
    folder, _ = clean
    at = tmp_path / "mnt"
    if fault == "read-only":
        ok = _mounted(["--bind", str(shutil.copytree(folder / "clean", tmp_path / "ro"))], at) and \
            subprocess.run(["mount", "-o", "remount,bind,ro", str(at)], capture_output=True).returncode == 0
    else:
        ok = _mounted(["-t", "tmpfs", "-o", "size=64k", "tmpfs"], at)
    if not ok:
        pytest.skip("mount is not allowed here")
    try:
        proc = subprocess.run([sys.executable, "-m", "auditor", "batch", str(folder / "d-multistream.xml.bz2"),
                               "--out", str(at), "--quiet", "--jobs", "1"], capture_output=True, text=True,
                              timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        subprocess.run(["umount", "-l", str(at)], capture_output=True)
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "cannot write" in proc.stderr, proc.stderr


def test_titles_sharing_their_first_120_characters_get_reports_of_their_own() -> None:
    title = "A" * 130
    assert record_name("enwiki:1", title + "x") != record_name("enwiki:2", title + "y")
    assert len(record_name("enwiki:1", title).encode()) <= 120
