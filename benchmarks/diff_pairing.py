"""Measure `auditor diff`'s claim pairing on generated revisions of growing size.

    python benchmarks/diff_pairing.py [CLAIMS ...]     (default: 250 500 1000 2000 4000)

Prints, for each size, the seconds the pairing took and how many pairs it found out of those expected.
Asserts nothing about time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from auditor.diff import pair_claims  # noqa: E402
from revision_edits import generated_revisions  # noqa: E402


def main(sizes: list[int]) -> None:
    print(f"{'claims':>7} {'old':>6} {'new':>6} {'seconds':>8} {'pairs found/expected':>21}")
    for size in sizes:
        old, new, expected = generated_revisions(size)
        start = time.perf_counter()
        pairs = pair_claims(old, new)
        elapsed = time.perf_counter() - start
        right = len({(i, j) for i, j, _ in pairs} & set(expected))
        print(f"{size:>7} {len(old):>6} {len(new):>6} {elapsed:>8.2f} {right:>10}/{len(expected)}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [250, 500, 1000, 2000, 4000])
