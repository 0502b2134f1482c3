"""Report formats, each rendered from the record form (reports/record.py).

``render(fmt, record)`` returns the report as a string; ``render_many`` one
report of several records (a batch, or several files). A diff record
(schema "auditor.diff/1") renders as text through ``diff_text_report``; the
other formats take both kinds. Formats are imported lazily so a command only
loads what it writes.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Iterable

FORMATS = ("text", "json", "jsonl", "html", "sarif", "github", "junit")
DIFF_FORMATS = ("text", "json", "sarif", "github", "junit")


def worst_first(claims: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claims in the order to fix them: lowest score first, then highest citation need (so uncited
    claims rank by their need), then reading order. Every report and the diff list claims so."""
    return sorted(claims, key=lambda c: (c["score"], -(c.get("citation_need") or 0.0),
                                         (c.get("location") or {}).get("line", 0)))


def _module(fmt: str, record: dict[str, Any] | None) -> Any:
    if fmt == "text" and record is not None and record.get("schema") == "auditor.diff/1":
        fmt = "diff_text"
    return import_module(f"auditor.reports.{fmt}_report")


def render(fmt: str, record: dict[str, Any]) -> str:
    """Render one record in the given format."""
    return _module(fmt, record).render(record)


def render_many(fmt: str, records: list[dict[str, Any]]) -> str:
    """Render several records as one report (concatenated where the format has no list form)."""
    module = _module(fmt, records[0] if records else None)
    if hasattr(module, "render_many"):
        return module.render_many(records)
    return "\n".join(module.render(record) for record in records)
