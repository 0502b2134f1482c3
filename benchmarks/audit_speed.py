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


def _run(command: list[str]) -> float:
    """Wall time of one run of a command, in seconds."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _paired(first: list[str], second: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Times of two commands run alternately, so drift in the machine's speed hits both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        times[0].append(_run(first))
        times[1].append(_run(second))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    size = args.article.stat().st_size
    bare_cmd = [sys.executable, "-c", BARE, str(args.article)]
    audit_cmd = [sys.executable, "-m", "auditor", "audit", str(args.article), "--format", "json"]
    bare, audit = _paired(bare_cmd, audit_cmd, args.runs)
    startup = statistics.median(_run([sys.executable, "-m", "auditor", "--version"]) for _ in range(args.runs))
    ratios = sorted(a / b for a, b in zip(audit, bare))
    print(f"article            {args.article.name} ({size / 1024:.0f} KB), {args.runs} paired runs")
    print(f"bare parse process {statistics.median(bare):.3f} s   (python + import mwparserfromhell + parse)")
    print(f"auditor audit      {statistics.median(audit):.3f} s   (json report)")
    print(f"auditor start-up   {startup:.3f} s   (auditor --version)")
    print(f"ratio audit/bare   {statistics.median(ratios):.2f}x median of paired runs "
          f"(range {ratios[0]:.2f}-{ratios[-1]:.2f}; target: at most 2x)")

if __name__ == "__main__":
    main()
