"""JSON lines: one compact record per line, for batches (--titles-file, --category, several files)."""

from __future__ import annotations

import json
from typing import Any


def render(record: dict[str, Any]) -> str:
    """One record on one line, keys sorted."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def render_many(records: list[dict[str, Any]]) -> str:
    """Every record, one per line."""
    return "".join(render(record) for record in records)
