"""JSON lines: one compact record per line, for batches (--titles-file, --category, several files)."""

from __future__ import annotations

from typing import Any

from auditor.reports.json_report import encoder_for


def render(record: dict[str, Any]) -> str:
    """One record on one line, keys sorted (written as the JSON report writes its items)."""
    return encoder_for(record)(record) + "\n"


def render_many(records: list[dict[str, Any]]) -> str:
    """Every record, one per line."""
    return "".join(render(record) for record in records)
