"""Batch throughput and memory: a multistream dump of the real fixture pages, replicated.

Prints pages/s and MB/s of `auditor batch` with 1 and 2 jobs next to a bare
mwparserfromhell.parse of the same pages in the same run, and the peak memory
of the batch at two dump sizes. Asserts nothing about time.

    python benchmarks/batch.py [--pages 2000]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
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
    write_multistream(pages, dump, folder / f"bench{count}-multistream-index.txt")
    return dump, texts


def bare_parse(texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of mwparserfromhell.parse over the texts."""
    import mwparserfromhell

    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        mwparserfromhell.parse(text)
    return time.perf_counter() - start, time.process_time() - cpu


class TreeSampler(threading.Thread):
    """Samples this process and its descendants from /proc: peak total RSS, and CPU seconds per process."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb, self.cpu, self.running = 0.0, {}, True
        self.tick = os.sysconf("SC_CLK_TCK")

    def run(self) -> None:
        while self.running:
            self.sample()
            time.sleep(0.1)

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


def child(dump: str, out: str, jobs: int) -> None:
    """Run one batch in this process and print its time and peak memory as JSON."""
    from auditor.batch.chunks import Plan
    from auditor.batch.page import Settings
    from auditor.batch.run import BatchOptions, run_batch
    from auditor.config import Config

    sampler = TreeSampler()
    sampler.cpu_pids = set()
    sampler.start()
    start = time.perf_counter()
    run_batch([dump], BatchOptions(Path(out), jobs=jobs, quiet=True, plan=Plan(streams_per_chunk=2)),
              Settings(Config(), "2024-06-01", "2024-06-01T00:00:00+00:00", "bench"))
    elapsed = time.perf_counter() - start
    sampler.running = False
    sampler.join()
    print(json.dumps({"seconds": elapsed, "cpu": sum(sampler.cpu.values()),
                      "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "tree_mb": sampler.peak_mb}))


def batch(dump: Path, folder: Path, jobs: int) -> dict:
    out = folder / f"out-{dump.stem}-{jobs}"
    done = subprocess.run([sys.executable, __file__, "--child", str(dump), str(out), str(jobs)],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--child", nargs=3)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        dump, texts = build(folder, args.pages)
        megabytes = sum(len(t.encode()) for t in texts) / 1e6
        print(f"dump: {args.pages} pages, {megabytes:.1f} MB wikitext, {dump.stat().st_size / 1e6:.1f} MB bz2")
        bare, bare_cpu = bare_parse(texts)
        print(f"bare mwparserfromhell.parse, 1 process: {args.pages / bare:8.1f} pages/s {megabytes / bare:6.2f} MB/s"
              f"  cpu {1000 * bare_cpu / args.pages:.1f} ms/page")
        runs = {jobs: batch(dump, folder, jobs) for jobs in (1, 2)}
        for jobs, figures in runs.items():
            rate = args.pages / figures["seconds"]
            print(f"auditor batch --jobs {jobs}:             {rate:8.1f} pages/s {megabytes / figures['seconds']:6.2f} MB/s"
                  f"  cpu {1000 * figures['cpu'] / args.pages:.1f} ms/page"
                  f"  ({rate * bare / args.pages / jobs:.2f}x bare parse per core by wall time,"
                  f" {bare_cpu / figures['cpu']:.2f}x by cpu time)")
        print(f"speed-up 2 jobs / 1 job: {runs[1]['seconds'] / runs[2]['seconds']:.2f}x"
              f"  (load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        big, _ = build(folder, args.pages * 4)
        for size, figures in ((args.pages, runs[2]), (args.pages * 4, batch(big, folder, 2))):
            print(f"peak memory, {size} pages, --jobs 2: main process {figures['main_mb']:.0f} MB, "
                  f"whole process tree {figures['tree_mb']:.0f} MB")


if __name__ == "__main__":
    main()
