"""Print how many labelled claims of each corpus article auditor reads right, and on which count.

    python benchmarks/claims_accuracy.py [-v]

Counts per article: entries, right on every count, then the failures by kind (text boundary, kind,
citations, flags, coverage, not-a-claim), and the totals per wiki language. -v prints each wrong entry.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from corpus_check import check_file, corpus_files, load  # noqa: E402


def _family(problem: str) -> str:
    """What a problem is about: text (the boundary), kind, citations, refs, flags, coverage, not-claim."""
    if problem.startswith("no claim"):
        return "text"
    return "not-claim" if problem.startswith("read as") else problem.split(" ", 1)[0]


def main() -> None:
    verbose = "-v" in sys.argv
    total = right = 0
    by_lang: Counter[str] = Counter()
    right_by_lang: Counter[str] = Counter()
    print(f"{'article':40} {'entries':>7} {'right':>6} {'share':>6}  failures")
    for path in corpus_files():
        entries = check_file(path)
        good = sum(e.right for e in entries)
        failures = Counter(_family(p) for e in entries for p in e.problems)
        total, right = total + len(entries), right + good
        lang = load(path).get("lang", "en")
        by_lang[lang] += len(entries)
        right_by_lang[lang] += good
        print(f"{path.stem:40} {len(entries):7} {good:6} {good / max(1, len(entries)):6.1%}  "
              + ", ".join(f"{k} {v}" for k, v in sorted(failures.items())))
        if verbose:
            for e in entries:
                if not e.right:
                    print(f"    @{e.expected.get('offset')}: " + "; ".join(e.problems))
    print(f"{'all':40} {total:7} {right:6} {right / max(1, total):6.1%}")
    for lang in sorted(by_lang):
        print(f"{'  language ' + lang:40} {by_lang[lang]:7} {right_by_lang[lang]:6} "
              f"{right_by_lang[lang] / by_lang[lang]:6.1%}")


if __name__ == "__main__":
    main()
