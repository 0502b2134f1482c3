"""Regenerate the golden JSON records in fixtures/golden/ (review the diff before committing)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from golden import ARTICLES, GOLDEN, golden_json  # noqa: E402


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for path, name in ARTICLES.items():
        (GOLDEN / name).write_text(golden_json(path), "utf-8")
        print(f"wrote fixtures/golden/{name}")


if __name__ == "__main__":
    main()
