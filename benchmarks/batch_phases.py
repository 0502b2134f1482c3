"""Where a batch worker's CPU goes, per page, in one process: reading, the audit, the record, the lines, the
messages, the collector, against a bare mwparserfromhell.parse of the same texts.

Builds the multistream dump of benchmarks/batch.py (every real fixture page, replicated), warms up as a
worker's forkserver does (auditor/batch/preload.py), then runs the steps of a worker's chunk tasks
(tasks.perform -> page.page_result -> pipeline.audit_page) one by one, timing each with the CPU clock, which
other processes on the machine disturb less than the wall clock. Asserts nothing about time.

    python benchmarks/batch_phases.py [--pages 300] [--rounds 2]
"""

from __future__ import annotations

import argparse
import gc
import pickle
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import auditor.batch.preload  # noqa: E402,F401  (as the workers' forkserver: imports, warm-up, gc.freeze)
from batch import build  # noqa: E402

from auditor.audit import audit_text, gc_paused  # noqa: E402
from auditor.batch.chunks import Plan, plan_chunks, read_chunk  # noqa: E402
from auditor.batch.page import _dumps, result_from_record  # noqa: E402
from auditor.config import Config  # noqa: E402
from auditor.pipeline import Settings  # noqa: E402
from auditor.reports.record import build_record  # noqa: E402


#: A rank no page beats: the lines without the record, as most pages of a run send them (only a page that can
#: still be among the worst N sends its record as JSON; 89 of the 300 pages of this dump, most of them early).
NO_CANDIDATE = (-1.0, 0, "", "")
#: The step timed on its own and left out of a worker's total.
CANDIDATE = "record as JSON (worst candidates only)"


class Collector:
    """CPU seconds the cyclic garbage collector spends, from its callbacks."""

    def __init__(self) -> None:
        self.seconds, self._start = 0.0, 0.0
        gc.callbacks.append(self._watch)

    def _watch(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.process_time()
        else:
            self.seconds += time.process_time() - self._start


def one_round(dump: Path, settings: Settings) -> dict[str, float]:
    """CPU seconds of each step over every page of the dump, in a worker's order."""
    import mwparserfromhell

    spent = dict.fromkeys(("bare parse", "reading (bz2, XML, mwxml)", "audit (parse, checks, scoring)",
                           "record", "lines", "messages (pickle)", "collector", CANDIDATE), 0.0)
    collector = Collector()
    clock, texts = time.process_time, []
    for chunk in plan_chunks([str(dump)], Plan(streams_per_chunk=1)):
        start = clock()
        pages = list(read_chunk(chunk, (0,)))
        spent["reading (bz2, XML, mwxml)"] += clock() - start
        texts.extend(page.text for page in pages)
        for page in pages:
            with gc_paused():  # as page_result
                start = clock()
                result = audit_text(page.text, settings.config, page.source, page.input_format, page.title,
                                    settings.today)
                record_start = clock()
                record = build_record(result, settings.generated, settings.version)
                lines_start = clock()
                line = result_from_record(page, chunk.id, record, NO_CANDIDATE)
                lines_end = clock()
                _dumps(record)
                spent[CANDIDATE] += clock() - lines_end
                del result, record
            spent["audit (parse, checks, scoring)"] += record_start - start
            spent["record"] += lines_start - record_start
            spent["lines"] += lines_end - lines_start
            start = clock()
            pickle.dumps(line, protocol=pickle.HIGHEST_PROTOCOL)
            spent["messages (pickle)"] += clock() - start
    gc.callbacks.remove(collector._watch)
    spent["collector"] = collector.seconds
    start = clock()
    for text in texts:  # as benchmarks/batch.py's bare parsers: the collector on, each tree freed
        mwparserfromhell.parse(text)
    spent["bare parse"] = clock() - start
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    settings = Settings(Config(), "2024-06-01", "2024-06-01T00:00:00+00:00", "bench")
    with tempfile.TemporaryDirectory() as temp:
        dump, texts = build(Path(temp), args.pages)
        print(f"dump: {args.pages} pages, {sum(len(t.encode()) for t in texts) / 1e6:.1f} MB wikitext; "
              f"CPU ms a page, best of {args.rounds} rounds")
        rounds = [one_round(dump, settings) for _ in range(args.rounds)]
    best = {step: min(r[step] for r in rounds) * 1000 / args.pages for step in rounds[0]}
    bare = best["bare parse"]
    worker = sum(ms for step, ms in best.items() if step not in ("bare parse", CANDIDATE))
    for step, ms in best.items():
        print(f"  {step:<40}{ms:7.1f} ms  {ms / bare:5.2f}x the bare parse")
    print(f"  {'a worker, all steps':<40}{worker:7.1f} ms  {worker / bare:5.2f}x the bare parse")


if __name__ == "__main__":
    main()
