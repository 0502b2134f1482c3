"""Batch audits: dump sources, isolation of bad pages, resume after a kill, both engines agree."""

from __future__ import annotations

import bz2
import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.batch.chunks import Plan, plan_chunks, read_chunk
from auditor.cli import cli
from auditor.sources import multistream
from auditor.sources.dumps import iter_dump_pages
from auditor.sources.dumpwriter import DumpPage, write_dump, write_multistream
from tests.batch_helpers import FIXTURES, real_pages, run

ROOT = FIXTURES.parent
CASES = tomllib.loads((ROOT / "tests" / "cases" / "dumps.toml").read_text(encoding="utf-8"))["case"]


def rows(out: Path, name: str = "articles.jsonl") -> list[dict]:
    return [json.loads(line) for line in (out / name).read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_real_dump_samples(case: dict) -> None:
    pages = iter_dump_pages(FIXTURES / "dumps" / case["file"], tuple(case["namespaces"]))
    assert [[p.title, p.page_id, p.source.revision] for p in pages] == case["pages"]


def test_real_dumps_audited_into_articles_claims_and_summary(tmp_path: Path) -> None:
    dumps = sorted(str(p) for p in (FIXTURES / "dumps").glob("*.xml"))
    summary = run(dumps, tmp_path / "out", jobs=2)
    articles = rows(tmp_path / "out")
    # Pear is in two dumps (two exports, two revisions): two records, each with its own key
    assert sorted((r["title"], r["revision"]) for r in articles) == [
        ("Fake page", 123456789), ("Pear", 188924), ("Pear", 638548877), ("Çullu, Agdam", 237383099)]
    assert all(r["error"] is None for r in articles)
    assert all(r["claims"] > 0 for r in articles if r["title"] != "Fake page")  # it holds only a <ref>
    claims = rows(tmp_path / "out", "claims.jsonl")
    assert len(claims) == sum(row["weak"] for row in articles) == summary["totals"]["weak"]
    assert Counter(c["key"] for c in claims) == {r["key"]: r["weak"] for r in articles if r["weak"]}
    scores = [w["score"] for w in summary["worst"]]
    assert scores == sorted(scores) and len(scores) == sum(1 for r in articles if r["claims"])
    index = (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")
    assert all(w["report"] in index and (tmp_path / "out" / "html" / w["report"]).exists()
               for w in summary["worst"])


def test_redirects_are_skipped(tmp_path: Path) -> None:
    pages = [DumpPage("A", 1, 11, "Text.<ref>x</ref>"), DumpPage("B", 2, 12, "#REDIRECT [[A]]", redirect="A"),
             DumpPage("C", 3, 13, "#redirect [[A]]")]
    write_dump(pages, tmp_path / "d.xml")
    assert [p.title for p in iter_dump_pages(tmp_path / "d.xml")] == ["A"]


def test_multistream_byte_ranges_read_the_same_pages_as_the_whole_dump(tmp_path: Path) -> None:
    pages = real_pages(23)
    write_multistream(pages, tmp_path / "w-multistream.xml.bz2", tmp_path / "w-multistream-index.txt", 5)
    write_dump(pages, tmp_path / "w.xml.bz2")
    chunks = plan_chunks([str(tmp_path / "w-multistream.xml.bz2")], Plan(streams_per_chunk=2))
    assert [c.kind for c in chunks] == ["range"] * 3 and [c.pages for c in chunks] == [10, 10, 3]
    by_range = [(p.title, p.text) for c in chunks for p in read_chunk(c, (0,))]
    assert by_range == [(p.title, p.text) for p in iter_dump_pages(tmp_path / "w.xml.bz2")]


class _CountingDecompressor:
    """bz2.BZ2Decompressor, counting the calls that give out data."""

    calls: list[int] = []

    def __init__(self) -> None:
        self._inner = _BZ2Decompressor()

    def decompress(self, data: bytes, max_length: int = -1) -> bytes:
        out = self._inner.decompress(data, max_length)
        if out:
            self.calls.append(len(out))
        return out

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


_BZ2Decompressor = bz2.BZ2Decompressor


@pytest.mark.parametrize("layout", ["multistream", "one-stream"])
def test_a_dump_is_decompressed_a_block_at_a_time_not_as_the_xml_reader_asks(tmp_path: Path, layout: str,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The XML reader asks for 16 KB at a time; libbz2 is asked for READ_SIZE, so it goes through each 900 KB
    block in one go (a page's audit between two visits pushed its tables out of the cache: 1-2 ms a page)."""
    pages = real_pages(4, ("United-Kingdom",))  # 328 kB each: a stream of two is one bz2 block or two
    if layout == "multistream":
        write_multistream(pages, tmp_path / "w-multistream.xml.bz2", tmp_path / "w-multistream-index.txt", 2)
        chunks = plan_chunks([str(tmp_path / "w-multistream.xml.bz2")], Plan(streams_per_chunk=2))
        streams = 2
    else:
        write_dump(pages, tmp_path / "w.xml.bz2")
        chunks = plan_chunks([str(tmp_path / "w.xml.bz2")], Plan())
        streams = 1
    monkeypatch.setattr(bz2, "BZ2Decompressor", _CountingDecompressor)
    _CountingDecompressor.calls = []
    read = [p.text for c in chunks for p in read_chunk(c, (0,))]
    assert read == [p.text for p in pages]
    blocks = -(-sum(_CountingDecompressor.calls) // 900_000)  # bz2 -9: blocks of at most 900 kB of input
    assert len(_CountingDecompressor.calls) <= 2 * (blocks + streams)


@pytest.mark.parametrize("tail", ["footer", "no-footer", "footer-and-garbage", "index-short-of-the-dump"])
def test_the_last_page_stream_ends_where_the_footer_stream_starts(tmp_path: Path, tail: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The footer stream is found from the end of the file, the last page stream not decompressed for it;
    a dump whose end is not one footer stream has its last stream decompressed, as before."""
    dump, index = tmp_path / "w-multistream.xml.bz2", tmp_path / "w-multistream-index.txt"
    write_multistream(real_pages(7), dump, index, 3)
    footer = len(bz2.compress(multistream.FOOTER))
    last = max(int(line.split(":")[0]) for line in index.read_text(encoding="utf-8").splitlines())
    expected = dump.stat().st_size - footer
    if tail == "no-footer":
        dump.write_bytes(dump.read_bytes()[:-footer])
    elif tail == "footer-and-garbage":
        dump.write_bytes(dump.read_bytes() + b"BZh91AY&SY not a stream")
    elif tail == "index-short-of-the-dump":  # a partial index: the last page stream is not listed, nor read
        lines = index.read_text(encoding="utf-8").splitlines()
        index.write_text("".join(f"{line}\n" for line in lines if int(line.split(":")[0]) != last), encoding="utf-8")
        expected, last = last, max(int(line.split(":")[0]) for line in lines if int(line.split(":")[0]) != last)
    scanned = []
    decompressed_end = multistream._decompressed_end
    monkeypatch.setattr(multistream, "_decompressed_end", lambda *a: scanned.append(a) or decompressed_end(*a))
    assert multistream.read_index(index, dump).end == expected
    assert scanned == ([] if tail == "footer" else [(dump, last)])


@pytest.mark.parametrize("multistream", [False, True], ids=["pages-handed-out", "chunk-read-by-worker"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_broken_pages_become_error_records_and_the_run_goes_on(tmp_path: Path, jobs: int, multistream: bool,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """With one job too: what was queued behind a killed page (the next page, the rest of its chunk) is done."""
    monkeypatch.setattr("auditor.batch.engines.CHUNKS_PER_WORKER", 0)  # workers read chunks however few
    pages = real_pages(4)
    pages.insert(1, DumpPage("Nested", 90, 91, "{{" * 20000 + "x" + "}}" * 20000))  # RecursionError
    # A page timeout that a real page never reaches on a loaded machine, and a page far past it on a fast one.
    pages.insert(3, DumpPage("Endless list", 92, 93, "* item\n" * 400000))  # about 10 s or more
    if multistream:  # one chunk of three streams, read by the worker itself
        write_multistream(pages, tmp_path / "d.xml.bz2", tmp_path / "d-index.txt", 2)
        assert [c.kind for c in plan_chunks([str(tmp_path / "d.xml.bz2")], Plan())] == ["range"]
    else:
        write_dump(pages, tmp_path / "d.xml.bz2")
    summary = _run_with_timeout(tmp_path, 2.5, jobs)
    written = {row["title"]: row for row in rows(tmp_path / "out")}
    assert len(written) == 6 and summary["totals"]["errors"] == 2
    assert written["Nested"]["error"].startswith("pathological input")
    assert written["Endless list"]["error"] == "timeout: audit took more than 2.5 s"
    good = [row for row in written.values() if row["page_id"] in {p.page_id for p in real_pages(4)}]
    assert len(good) == 4 and all(row["error"] is None and row["claims"] > 0 for row in good)


def _run_with_timeout(tmp_path: Path, timeout: float, jobs: int) -> dict:
    from dataclasses import replace

    from auditor.batch.run import BatchOptions, run_batch
    from tests.batch_helpers import SETTINGS

    options = BatchOptions(out=tmp_path / "out", jobs=jobs, quiet=True)
    return run_batch([str(tmp_path / "d.xml.bz2")], options, replace(SETTINGS, page_timeout=timeout))


def test_only_pages_that_can_rank_among_the_worst_carry_their_record() -> None:
    from auditor.batch.page import page_result
    from auditor.batch.report import Worst
    from auditor.model import SourceInfo
    from auditor.sources.pages import PageText
    from tests.batch_helpers import SETTINGS

    (sample,) = real_pages(1)
    page = PageText(key="k", title=sample.title, text=sample.text, source=SourceInfo("dump", "d.xml"))
    kept = page_result(page, "c", SETTINGS)  # no cutoff yet: any page may be among the worst
    assert kept.record is not None and json.loads(kept.record)["summary"]["score"] == kept.score
    rank = kept.badness()
    assert page_result(page, "c", SETTINGS, rank).record is None  # a tie does not get in
    assert page_result(page, "c", SETTINGS, (rank[0] + 0.5, *rank[1:])).record == kept.record
    worst = Worst(1)
    assert worst.cutoff() is None and worst.offer_result(kept) and worst.cutoff() == rank
    assert page_result(page, "c", SETTINGS, Worst(0).cutoff()).record is None


def _cli(*args: str, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", "from auditor.cli import main; main()", "batch", *args],
                            cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize("per_stream", [20, 2], ids=["one-chunk-pages-handed-out", "eight-chunks-read-by-workers"])
def test_resume_after_kill_loses_and_repeats_nothing(tmp_path: Path, per_stream: int) -> None:
    pages = real_pages(480, ("Goryeo-ware", "Plurality"))  # enough that a loaded machine cannot finish first
    write_multistream(pages, tmp_path / "d-multistream.xml.bz2", tmp_path / "d-multistream-index.txt", per_stream)
    args = ("d-multistream.xml.bz2", "--out", "out", "--jobs", "2", "--quiet", "--worst", "5")
    process = _cli(*args, cwd=tmp_path)
    articles = tmp_path / "out" / "articles.jsonl"
    deadline = time.monotonic() + 60
    while (not articles.exists() or articles.stat().st_size < 8_000) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    first = len(rows(tmp_path / "out"))
    assert 0 < first < len(pages), "the kill must land mid-run"
    resumed = _cli(*args, cwd=tmp_path)
    assert resumed.wait(timeout=120) == 0, resumed.stderr.read().decode()
    articles_written = rows(tmp_path / "out")
    assert sorted(r["page_id"] for r in articles_written) == [p.page_id for p in pages]
    claims = Counter(c["key"] for c in rows(tmp_path / "out", "claims.jsonl"))
    assert claims == {r["key"]: r["weak"] for r in articles_written if r["weak"]}
    assert len(json.loads((tmp_path / "out" / "summary.json").read_text())["worst"]) == 5
    assert len(list((tmp_path / "out" / "records").glob("*.json"))) == 5


def test_pages_larger_than_a_pipe_do_not_stall_a_worker(tmp_path: Path) -> None:
    """A worker holds the next page while it sends a result: both can exceed the pipe's buffer (64 KB)."""
    text = (FIXTURES / "wikitext" / "United-Kingdom.wiki").read_text(encoding="utf-8")  # 321 KB
    write_dump([DumpPage(f"UK {i}", i + 1, 100 + i, text) for i in range(4)], tmp_path / "d.xml")
    process = _cli("d.xml", "--out", "out", "--jobs", "1", "--quiet", cwd=tmp_path)
    try:
        assert process.wait(timeout=90) == 0, process.stderr.read().decode()
    finally:
        process.kill()
    assert [r["error"] for r in rows(tmp_path / "out")] == [None] * 4


def test_local_and_dask_engines_give_the_same_results(tmp_path: Path) -> None:
    pages = real_pages(12)
    write_multistream(pages, tmp_path / "d-multistream.xml.bz2", tmp_path / "d-multistream-index.txt", 3)
    source = [str(tmp_path / "d-multistream.xml.bz2")]
    local = run(source, tmp_path / "local", jobs=2)
    dask = run(source, tmp_path / "dask", jobs=1, engine="dask", dask_processes=False)
    assert local == dask and local["totals"]["articles"] == 12
    for name in ("articles.jsonl", "claims.jsonl"):
        assert sorted((tmp_path / "local" / name).read_text().splitlines()) == \
            sorted((tmp_path / "dask" / name).read_text().splitlines())
    assert sorted(p.name for p in (tmp_path / "dask" / "html").iterdir()) == \
        sorted(p.name for p in (tmp_path / "local" / "html").iterdir())


def test_a_daemonic_cluster_worker_audits_a_chunk_as_a_local_worker_does(tmp_path: Path, monkeypatch) -> None:
    """A daemonic Dask worker may start no process: it runs the local worker's loop in itself, with the
    same results (records kept for the chunk's worst only)."""
    import multiprocessing
    from types import SimpleNamespace

    from auditor.batch.engines import audit_chunk
    from tests.batch_helpers import SETTINGS

    write_multistream(real_pages(4), tmp_path / "d-multistream.xml.bz2", tmp_path / "d-multistream-index.txt", 4)
    [chunk] = plan_chunks([str(tmp_path / "d-multistream.xml.bz2")], Plan(streams_per_chunk=1))
    pooled = audit_chunk(chunk, {"skipped"}, SETTINGS, (0,), 2)
    monkeypatch.setattr(multiprocessing, "current_process", lambda: SimpleNamespace(daemon=True))
    here = audit_chunk(chunk, {"skipped"}, SETTINGS, (0,), 2)
    assert sorted(here, key=lambda r: r.key) == sorted(pooled, key=lambda r: r.key) and len(here) == 4
    assert sum(r.record is not None for r in here) == 2


def test_the_last_chunk_of_each_worker_is_handed_out_page_by_page(tmp_path: Path) -> None:
    """So no worker sits idle while another audits a whole chunk to the end of the run."""
    from auditor.batch.engines import CHUNKS_PER_WORKER
    from auditor.batch.tasks import chunk_tasks

    count = CHUNKS_PER_WORKER * 2
    write_multistream(real_pages(count), tmp_path / "d-multistream.xml.bz2", tmp_path / "d-multistream-index.txt", 1)
    chunks = plan_chunks([str(tmp_path / "d-multistream.xml.bz2")], Plan(streams_per_chunk=1))
    kinds = [type(task).__name__ for task in chunk_tasks(chunks, {}, (0,), 20, whole=True, tail=2)]
    assert kinds == ["ChunkTask"] * (count - 2) + ["PageTask", "ChunkEnd"] * 2
    source, plan = [str(tmp_path / "d-multistream.xml.bz2")], Plan(streams_per_chunk=1)
    two, one = run(source, tmp_path / "two", jobs=2, plan=plan), run(source, tmp_path / "one", jobs=1, plan=plan)
    assert two == one and two["totals"]["articles"] == count
    for name in ("articles.jsonl", "claims.jsonl"):
        assert sorted((tmp_path / "two" / name).read_text().splitlines()) == \
            sorted((tmp_path / "one" / name).read_text().splitlines())


def test_a_folder_of_wiki_files_skips_redirects(tmp_path: Path) -> None:
    summary = run([str(FIXTURES / "wikitext")], tmp_path / "out", jobs=1)
    titles = {row["title"] for row in rows(tmp_path / "out")}
    assert "redirect" not in titles and "Plurality" in titles
    assert summary["totals"]["articles"] == len(list((FIXTURES / "wikitext").glob("*.wiki"))) - 1


#: A fixed clock: the records of both commands then say the same time and no timing.
FIXED = {"SOURCE_DATE_EPOCH": "1764547200"}


@pytest.mark.parametrize(("name", "given"), [("wikitext/Douglas-Adams.wiki", "in"),
                                             ("balli-kombetar-excerpt.txt", "in"),
                                             ("balli-kombetar-excerpt.txt", "./in/"),
                                             ("html/Douglas-Adams.html", "in/Douglas-Adams.html")])
def test_a_file_gets_the_same_record_from_audit_and_batch(tmp_path: Path, name: str, given: str,
                                                          monkeypatch) -> None:
    """One pipeline for both commands: the same record, key for key, for wikitext, a copy and a saved page.

    Before, batch titled Douglas-Adams.wiki "Douglas-Adams" (audit "Douglas Adams"), named the file by its
    absolute path (audit as the command line spelt it), read a .wiki file as wikitext whatever it held
    (audit: as its content says) and took no single article file (only folders).
    """
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    path = Path("in") / Path(name).name
    path.write_bytes((FIXTURES / name).read_bytes())
    audited = CliRunner().invoke(cli, ["audit", str(path), "--format", "json"], env=FIXED)
    batched = CliRunner().invoke(cli, ["batch", given, "--out", "out", "--jobs", "1", "--quiet"], env=FIXED)
    assert audited.exit_code in (0, 1) and batched.exit_code == 0, batched.output
    [record_file] = (tmp_path / "out" / "records").glob("*.json")
    batch_record = json.loads(record_file.read_text("utf-8"))
    assert batch_record == json.loads(audited.output)
    assert batch_record["article"]["source"]["name"] == str(path)
    [row] = rows(tmp_path / "out")
    assert (row["title"], row["source"]) == (batch_record["article"]["title"], str(path))


def test_a_dump_page_gets_the_same_record_from_either_engine(tmp_path: Path, monkeypatch) -> None:
    """The sequential engine of `auditor audit` and batch's worker pool give a dump page the same record."""
    from auditor import __version__
    from auditor.config import Config
    from auditor.pipeline import Settings, run_sequential

    for variable, value in FIXED.items():
        monkeypatch.setenv(variable, value)
    write_dump(real_pages(1), tmp_path / "d.xml")
    batched = CliRunner().invoke(cli, ["batch", str(tmp_path / "d.xml"), "--out", str(tmp_path / "out"),
                                       "--jobs", "1", "--quiet"])
    assert batched.exit_code == 0, batched.output
    [record_file] = (tmp_path / "out" / "records").glob("*.json")
    settings = Settings(Config(), "2025-12-01", "2025-12-01T00:00:00+00:00", __version__)
    [(page, record)] = list(run_sequential(iter_dump_pages(tmp_path / "d.xml"), settings))
    assert json.loads(record_file.read_text("utf-8")) == record and record["article"]["source"]["kind"] == "dump"


def test_a_second_run_resumes_without_repeating(tmp_path: Path) -> None:
    write_dump(real_pages(3), tmp_path / "d.xml")
    first = run([str(tmp_path / "d.xml")], tmp_path / "out", jobs=1)
    second = run([str(tmp_path / "d.xml")], tmp_path / "out", jobs=1)
    assert first == second and len(rows(tmp_path / "out")) == 3


@pytest.mark.parametrize(("args", "message"), [
    (["nowhere.xml", "--out", "o"], "nowhere.xml: no such file or folder"),
    (["notes.md", "--out", "o"], "notes.md: not a dump"),
    (["--out", "o", "--engine", "dask", "titles:t.txt"], "use the local engine"),
])
def test_cli_user_errors(tmp_path: Path, args: list[str], message: str, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text("x")
    (tmp_path / "t.txt").write_text("Douglas Adams\n")
    result = CliRunner().invoke(cli, ["batch", *args, "--quiet", "--contact", "t@example.org"])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_a_different_run_in_the_same_folder_is_refused(tmp_path: Path) -> None:
    write_dump(real_pages(1), tmp_path / "a.xml")
    write_dump(real_pages(2), tmp_path / "b.xml")
    run([str(tmp_path / "a.xml")], tmp_path / "out", jobs=1)
    with pytest.raises(Exception, match="different run"):
        run([str(tmp_path / "b.xml")], tmp_path / "out", jobs=1)
