"""Time `auditor audit` on an article against a bare mwparserfromhell parse, both as whole processes.

Prints the median of several runs of each and their ratio. Asserts nothing about time.

    python benchmarks/audit_speed.py [ARTICLE] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent
DEFAULT = ROOT / "fixtures" / "wikitext" / "United-Kingdom.wiki"
BARE = "import sys, mwparserfromhell; mwparserfromhell.parse(open(sys.argv[1], encoding='utf-8').read())"


def _time(command: list[str], runs: int) -> float:
    """Median wall time of a command over several runs, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    size = args.article.stat().st_size
    bare = _time([sys.executable, "-c", BARE, str(args.article)], args.runs)
    audit = _time([sys.executable, "-m", "auditor", "audit", str(args.article), "--format", "json"], args.runs)
    startup = _time([sys.executable, "-m", "auditor", "--version"], args.runs)
    print(f"article            {args.article.name} ({size / 1024:.0f} KB)")
    print(f"bare parse process {bare:.3f} s   (python + import mwparserfromhell + parse)")
    print(f"auditor audit      {audit:.3f} s   (json report)")
    print(f"auditor start-up   {startup:.3f} s   (auditor --version)")
    print(f"ratio audit/bare   {audit / bare:.2f}x   (target: at most 2x)")


if __name__ == "__main__":
    main()
