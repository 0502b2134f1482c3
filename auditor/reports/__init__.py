"""Report formats, each rendered from the record form (reports/record.py).

``render(fmt, record)`` returns the report as a string. Formats are imported
lazily so a command only loads what it writes.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

FORMATS = ("text", "json", "html")


def render(fmt: str, record: dict[str, Any]) -> str:
    """Render one article's record in the given format."""
    return import_module(f"auditor.reports.{fmt}_report").render(record)
