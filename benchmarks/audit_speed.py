"""Time `auditor audit` on an article against a bare mwparserfromhell parse, both as whole processes.

Runs the two alternately and prints wall and CPU times with the median ratio of the pairs (this
machine's speed drifts: CPU time is the steadier figure). Asserts nothing about time.

    python benchmarks/audit_speed.py [ARTICLE | --small] [--runs N]

--small times a short article (fixtures/benchmark/Jerry-Mumphrey.wiki, 3.4 KB), where start-up dominates.
Where the time goes inside one process: benchmarks/audit_phases.py.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent
DEFAULT = ROOT / "fixtures" / "wikitext" / "United-Kingdom.wiki"
#: The children may write bytecode, as an installed auditor has it: with PYTHONDONTWRITEBYTECODE set (as some
#: sandboxes do) every audit would compile the auditor's modules while the bare parse loads the library's .pyc.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
SMALL = ROOT / "fixtures" / "benchmark" / "Jerry-Mumphrey.wiki"
BARE = "import sys, mwparserfromhell; mwparserfromhell.parse(open(sys.argv[1], encoding='utf-8').read())"


def _run(command: list[str]) -> float:
    """Wall time of one run of a command, in seconds."""
    return _measure(command)[0]


def _measure(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of a command, in seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _paired(first: list[str], second: list[str], runs: int) -> tuple[list[tuple[float, float]], ...]:
    """(wall, cpu) times of two commands run alternately, so drift in the machine's speed hits both alike."""
    times: tuple[list[tuple[float, float]], list[tuple[float, float]]] = ([], [])
    for _ in range(runs):
        times[0].append(_measure(first))
        times[1].append(_measure(second))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--small", action="store_true", help=f"time the short article ({SMALL.name})")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.small:
        args.article = SMALL
    size = args.article.stat().st_size
    bare_cmd = [sys.executable, "-c", BARE, str(args.article)]
    audit_cmd = [sys.executable, "-m", "auditor", "audit", str(args.article), "--format", "json"]
    _paired(bare_cmd, audit_cmd, 1)  # a first run of each writes the bytecode
    bare, audit = _paired(bare_cmd, audit_cmd, args.runs)
    startup = statistics.median(_run([sys.executable, "-m", "auditor", "--version"]) for _ in range(args.runs))
    print(f"article            {args.article.name} ({size / 1024:.1f} KB), {args.runs} paired runs")
    for index, kind in ((0, "wall"), (1, "cpu")):
        ratios = sorted(a[index] / b[index] for a, b in zip(audit, bare))
        print(f"{kind:<4} bare parse {statistics.median(t[index] for t in bare):.3f} s   "
              f"auditor audit {statistics.median(t[index] for t in audit):.3f} s   "
              f"ratio {statistics.median(ratios):.2f}x median of pairs (range {ratios[0]:.2f}-{ratios[-1]:.2f})")
    print(f"auditor start-up {startup:.3f} s (auditor --version); target (issue 16): audit at most "
          f"{1.4 if size < 20_000 else 1.0}x the bare parse")

if __name__ == "__main__":
    main()
