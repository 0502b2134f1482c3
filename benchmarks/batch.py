"""Batch throughput and memory: a multistream dump of the real fixture pages, replicated.

Prints pages/s, MB/s and CPU per page of `auditor batch` with 1 and 2 jobs
next to a bare mwparserfromhell.parse of the same pages, and the peak memory
of the batch at two dump sizes. Asserts nothing about time.

This machine's speed drifts by tens of percent from minute to minute, so the
commands run in rounds, alternately, each as a whole process, and the ratios
are medians over the rounds. "Per core" compares N jobs with N bare parsers
running side by side (the same machine under the same load), and with one
bare parser alone.

    python benchmarks/batch.py [--pages 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.sources.dumps import iter_dump_pages  # noqa: E402
from auditor.sources.dumpwriter import DumpPage, write_multistream  # noqa: E402

#: The children may write bytecode, as an installed auditor has it: with PYTHONDONTWRITEBYTECODE set (as some
#: machines do) every run would compile auditor's modules, its dataclass methods and templates anew.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def real_texts() -> list[str]:
    """Every real article text in fixtures/: the .wiki files (redirects left out) and the dumps' pages."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "wikitext").glob("*.wiki"))]
    for dump in sorted((ROOT / "fixtures" / "dumps").glob("*.xml")):
        texts.extend(page.text for page in iter_dump_pages(dump))
    return [t for t in texts if not t.lstrip().upper().startswith("#REDIRECT")]


def build(folder: Path, count: int) -> tuple[Path, list[str]]:
    texts = list(itertools.islice(itertools.cycle(real_texts()), count))
    dump = folder / f"bench{count}-multistream.xml.bz2"
    pages = (DumpPage(f"Page {i}", i + 1, 1000 + i, text) for i, text in enumerate(texts))
    # 50 pages a stream, a stream a chunk: many chunks, as a real dump has (enwiki: ~70,000 of 1,000 pages)
    write_multistream(pages, dump, folder / f"bench{count}-multistream-index.txt", per_stream=50)
    return dump, texts


def bare_child(count: int, part: int, parts: int) -> None:
    """Parse every ``parts``-th of the ``count`` pages with mwparserfromhell; print wall and CPU seconds."""
    import mwparserfromhell

    texts = list(itertools.islice(itertools.cycle(real_texts()), count))[part::parts]
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        mwparserfromhell.parse(text)
    print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}))


def bare(count: int, parts: int) -> dict:
    """``parts`` bare parsers side by side over the pages: the wall time of the slowest, the CPU of all."""
    runs = [subprocess.Popen([sys.executable, __file__, "--bare-child", str(count), str(part), str(parts)],
                             stdout=subprocess.PIPE, text=True, env=ENV) for part in range(parts)]
    figures = [json.loads(run.communicate()[0].splitlines()[-1]) for run in runs]
    return {"seconds": max(f["seconds"] for f in figures), "cpu": sum(f["cpu"] for f in figures)}


class TreeSampler(threading.Thread):
    """Samples this process and its descendants from /proc: peak total RSS, and CPU seconds per process."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb, self.cpu, self.running, self.own = 0.0, {}, True, 0.0
        self.tick = os.sysconf("SC_CLK_TCK")

    def run(self) -> None:
        while self.running:
            self.sample()
            self.own = time.thread_time()  # the sampler's own CPU, left out of the figures
            time.sleep(0.25)  # sampling /proc costs CPU of the process measured

    def sample(self) -> None:
        parents, rss = {}, {}
        for entry in Path("/proc").iterdir():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") / 1e6
                parents[int(entry.name)] = int(fields[1])
                self.cpu[int(entry.name), fields[19]] = (int(fields[11]) + int(fields[12])) / self.tick
            except (OSError, ValueError, IndexError):
                continue
        tree, grown = {os.getpid()}, True
        while grown:
            found = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= found
            grown = bool(found)
        self.cpu = {k: v for k, v in self.cpu.items() if k[0] in tree or k[0] in self.cpu_pids}
        self.cpu_pids = {k[0] for k in self.cpu}
        self.peak_mb = max(self.peak_mb, sum(rss.get(pid, 0) for pid in tree))


def child(dump: str, out: str, jobs: int, engine: str = "local") -> None:
    """Run one batch in this process and print its time and peak memory as JSON."""
    from auditor.batch.chunks import Plan
    from auditor.batch.run import BatchOptions, run_batch
    from auditor.config import Config
    from auditor.pipeline import Settings

    sampler = TreeSampler()
    sampler.cpu_pids = set()
    sampler.start()
    start = time.perf_counter()
    run_batch([dump], BatchOptions(Path(out), jobs=jobs, quiet=True, plan=Plan(streams_per_chunk=1), engine=engine),
              Settings(Config(), "2024-06-01", "2024-06-01T00:00:00+00:00", "bench"))
    elapsed = time.perf_counter() - start
    sampler.running = False
    sampler.join()
    sampler.sample()  # the CPU spent since the last sample
    own = resource.getrusage(resource.RUSAGE_SELF)
    main_cpu = own.ru_utime + own.ru_stime - sampler.own
    print(json.dumps({"seconds": elapsed, "cpu": sum(sampler.cpu.values()) - sampler.own, "main_cpu": main_cpu,
                      "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "tree_mb": sampler.peak_mb}))


def batch(dump: Path, folder: Path, jobs: int, run: str, engine: str = "local") -> dict:
    out = folder / f"out-{dump.stem}-{jobs}-{run}-{engine}"
    done = subprocess.run([sys.executable, __file__, "--child", str(dump), str(out), str(jobs), engine],
                          check=True, capture_output=True, text=True, env=ENV)
    return json.loads(done.stdout.splitlines()[-1])


def _line(label: str, pages: int, megabytes: float, figures: dict) -> str:
    main = f" (main process {1000 * figures['main_cpu'] / pages:.1f})" if "main_cpu" in figures else ""
    return (f"{label:<34}{pages / figures['seconds']:8.1f} pages/s {megabytes / figures['seconds']:6.2f} MB/s"
            f"  cpu {1000 * figures['cpu'] / pages:6.1f} ms/page{main}")


def rounds(dump: Path, folder: Path, pages: int, megabytes: float, count: int,
           dask: bool) -> dict[str, list[float]]:
    """Run bare parsers and batches alternately; print each run; return the ratios of every round."""
    ratios: dict[str, list[float]] = {}
    for number in range(1, count + 1):
        print(f"round {number}:")
        seen = {}
        for jobs in (1, 2):
            seen[f"bare{jobs}"] = bare(pages, jobs)
            seen[f"batch{jobs}"] = batch(dump, folder, jobs, f"r{number}")
            print("  " + _line(f"bare parse, {jobs} process(es)", pages, megabytes, seen[f"bare{jobs}"]))
            print("  " + _line(f"auditor batch --jobs {jobs}", pages, megabytes, seen[f"batch{jobs}"]))
        if dask:
            seen["dask"] = batch(dump, folder, 2, f"r{number}", "dask")
            print("  " + _line("auditor batch --jobs 2 --engine dask", pages, megabytes, seen["dask"]))
            ratios.setdefault("dask, 2 jobs: wall vs 2 bare side by side", []).append(
                seen["bare2"]["seconds"] / seen["dask"]["seconds"])
        for jobs in (1, 2):
            run, alone, side = seen[f"batch{jobs}"], seen["bare1"], seen[f"bare{jobs}"]
            ratios.setdefault(f"{jobs} job(s): wall vs {jobs} bare side by side", []).append(
                side["seconds"] / run["seconds"])
            ratios.setdefault(f"{jobs} job(s): wall vs 1 bare alone, per core", []).append(
                alone["seconds"] / run["seconds"] / jobs)
            ratios.setdefault(f"{jobs} job(s): cpu per page vs bare", []).append(alone["cpu"] / run["cpu"])
        ratios.setdefault("speed-up 2 jobs / 1 job", []).append(seen["batch1"]["seconds"] / seen["batch2"]["seconds"])
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dask", action="store_true", help="also run --engine dask with 2 jobs each round")
    parser.add_argument("--child", nargs=4)
    parser.add_argument("--bare-child", nargs=3, type=int)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]), args.child[3])
        return
    if args.bare_child:
        bare_child(*args.bare_child)
        return
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        dump, texts = build(folder, args.pages)
        megabytes = sum(len(t.encode()) for t in texts) / 1e6
        print(f"dump: {args.pages} pages, {megabytes:.1f} MB wikitext, {dump.stat().st_size / 1e6:.1f} MB bz2; "
              f"{os.cpu_count()} cores")
        ratios = rounds(dump, folder, args.pages, megabytes, args.rounds, args.dask)
        print(f"medians over {args.rounds} rounds (range):")
        for name, values in ratios.items():
            print(f"  {name:<44}{statistics.median(values):.2f}x  ({min(values):.2f}-{max(values):.2f})")
        big, _ = build(folder, args.pages * 4)
        for size, source in ((args.pages, dump), (args.pages * 4, big)):
            figures = batch(source, folder, 2, "memory")
            print(f"peak memory, {size} pages, --jobs 2: main process {figures['main_mb']:.0f} MB, "
                  f"whole process tree {figures['tree_mb']:.0f} MB")


if __name__ == "__main__":
    main()
