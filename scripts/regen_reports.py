"""Regenerate the example reports in reports/ (review the diff before committing)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from examples import REPORTS, ROOT, write_examples  # noqa: E402


def main() -> None:
    for path in write_examples(REPORTS):
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
