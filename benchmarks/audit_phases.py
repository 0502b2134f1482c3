"""Where an audit's time goes, in one process: MB/s of each phase of `audit --format json`.

Runs the phases of one article's audit in the order the audit runs them (format detection, the guard's
pre-scan, the C tokenizer, the tree builder, the footnote pass, the prose walk, references, citation
need, checks, scoring, the record, JSON), each timed on its own, and prints the median of the runs as
seconds, MB/s of the article's text and share of the whole. Asserts nothing about time; the machine's
speed drifts, so compare figures from one run (or count instructions with valgrind --tool=callgrind).

    python benchmarks/audit_phases.py [ARTICLE | --small] [--runs N]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from audit_speed import DEFAULT, SMALL

from auditor.checks import run_checks, uncited_penalties
from auditor.checks.base import Context
from auditor.config import Config
from auditor.audit import judged
from auditor.parse import detect_format, guard
from auditor.parse.flagnames import load_flag_table
from auditor.parse.labels import Labeller
from auditor.parse.wikitext.build import _Builder, _tokenizer
from auditor.parse.wikitext.footnotes import label_footnotes
from auditor.parse.wikitext.nodes import Measured
from auditor.parse.wikitext.prose import ProseReader
from auditor.parse.wikitext.references import build_reference
from auditor.reports import json_report
from auditor.reports.record import build_record
from auditor.pipeline import Settings, audit_page
from auditor.scoring import score_claims, summarise
from auditor.sources.files import file_page
from auditor.sources.pages import PageText


def _phases(text: str, item: PageText, config: Config) -> list[tuple[str, Callable[[], object]]]:
    """The phases as (name, thunk); each thunk reads what the phases before it left in ``state``."""
    from auditor.checks import CHECKS

    state: dict[str, object] = {"weights": {c.code: config.weight_of(c.code, c.weight) for c in CHECKS}}
    flags = load_flag_table()
    tokenizer = _tokenizer(__import__("mwparserfromhell").__version__)

    def prose() -> None:
        reader = ProseReader(text, flags, state["labels"], "", measured=state["measured"])
        reader.nodes(state["code"], 0)
        state["reader"] = reader.collector.finish()

    def tree() -> None:
        builder = _Builder(list(state["tokens"]))
        state["code"], state["sizes"] = builder.build(), builder.sizes
        state["measured"] = Measured.of(text, state["code"], builder.sizes, bool(state["guarded"].restore),
                                        builder.marks)

    def footnotes() -> None:
        state["labels"] = Labeller()
        label_footnotes(state["code"], state["labels"], measured=state["measured"])

    def checks() -> None:
        article = state["result"].article
        sentence_need, need = state["need"]
        context = Context.of(article, "", None, need, sentence_need, config.lead_need)
        state["findings"] = run_checks(article, context, state["weights"], config.codes, config.need_spread)
        state["uncited"] = uncited_penalties(article, context, state["weights"], config.codes, config.need_spread)

    def scoring() -> None:
        article = state["result"].article
        scores = score_claims(article, state["findings"], config.weak_threshold, frozenset(), state["uncited"])
        summarise(article, state["findings"], scores)

    return [
        ("format detection", lambda: detect_format(text)),
        ("guard pre-scan", lambda: state.update(guarded=guard.defuse(text))),
        ("C tokenizer", lambda: state.update(tokens=tokenizer().tokenize(state["guarded"].text, 0, True))),
        ("tree builder", tree),
        ("footnote pass", footnotes),
        ("prose walk", prose),
        ("references", lambda: [build_reference(e, flags) for e in state["labels"].entries()]),
        ("whole audit (for the model)", lambda: state.update(result=_audit(item, config))),
        ("citation need", lambda: state.update(need=judged(state["result"].article, config))),
        ("checks", checks),
        ("scoring", scoring),
        ("record", lambda: state.update(record=build_record(state["result"], "", "", 0.0))),
        ("JSON", lambda: json_report.render(state["record"])),
    ]


def _audit(item: PageText, config: Config):
    from auditor.audit import audit_text

    return audit_text(item.text, config, item.source, item.input_format, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--small", action="store_true", help=f"the ~5 KB article ({SMALL.name})")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = SMALL if args.small else args.article
    item = file_page(str(path))
    text, config = item.text, Config()
    phases = _phases(text, item, config)
    times: dict[str, list[float]] = {name: [] for name, _ in phases}
    whole: list[float] = []
    gc.disable()
    for _ in range(args.runs):
        for name, thunk in phases:
            start = time.perf_counter()
            thunk()
            times[name].append(time.perf_counter() - start)
        start = time.perf_counter()
        json_report.render(audit_page(item, Settings(config, "", "", "")))
        whole.append(time.perf_counter() - start)
    gc.enable()
    megabytes = len(text.encode("utf-8")) / 1e6
    total = statistics.median(whole)
    print(f"article {path.name} ({megabytes * 1000:.0f} KB), {args.runs} runs, medians, garbage collector paused")
    print(f"{'phase':<30}{'seconds':>9}{'MB/s':>9}{'share':>8}")
    for name, spent in times.items():
        seconds = statistics.median(spent)
        share = "" if name.startswith("whole") else f"{seconds / total:7.0%}"
        print(f"{name:<30}{seconds:9.4f}{megabytes / seconds:9.1f}{share:>8}")
    print(f"{'audit_page + JSON':<30}{total:9.4f}{megabytes / total:9.1f}{1:7.0%}")


if __name__ == "__main__":
    main()
