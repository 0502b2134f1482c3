"""`--statistics`: how often each finding code (or diff change) occurs over all the records, most first.

As ruff prints it: count, code, name, one a line; then the total. Pure: records in, text out.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from auditor.diff import SCHEMA as DIFF_SCHEMA


def count(records: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    """(code, name) -> how many findings (audits) or changes (diffs) the records hold."""
    found: Counter[tuple[str, str]] = Counter()
    for record in records:
        if record["schema"] == DIFF_SCHEMA:
            found.update((change["category"], "") for change in record["changes"])
            continue
        for claim in record["claims"]:
            found.update((f["code"], f["name"]) for f in claim["findings"])
        found.update((f["code"], f["name"]) for f in record["findings"])
    return found


def render(records: list[dict[str, Any]]) -> str:
    """The table: one line per code, most frequent first (ties by code), then the total."""
    found = count(records)
    width = len(f"{max(found.values(), default=0)}")
    lines = [f"{n:>{width}}  {code:<8} {name}".rstrip()
             for (code, name), n in sorted(found.items(), key=lambda item: (-item[1], item[0]))]
    noun = "changes" if records and records[0]["schema"] == DIFF_SCHEMA else "findings"
    lines.append(f"{sum(found.values())} {noun} in {len(records)} {'article' if len(records) == 1 else 'articles'}")
    return "\n".join(lines) + "\n"
