"""Report formats, each rendered from the record form (reports/record.py).

``render(fmt, record)`` returns the report as a string; ``render_many`` one
report of several records (a batch, or several files). A diff record
(schema "auditor.diff/1") renders as text through ``diff_text_report``; the
other formats take both kinds. Formats are imported lazily so a command only
loads what it writes.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

FORMATS = ("text", "json", "jsonl", "html", "sarif", "github", "junit")
DIFF_FORMATS = ("text", "json", "sarif", "github", "junit")


def claim_pieces(claim: dict[str, Any]) -> list[tuple[str, Any]]:
    """A claim's text cut where its markers stand: ("text", str), ("citation", detail) and ("flag", detail)
    pieces in reading order, each marker at its ``offset`` (records without one: at the end of the text).

    At one place, citations come before flags (a flag follows the citation it marks)."""
    text = claim["text"]
    markers = [(m.get("offset", len(text)), 0, n, "citation", m) for n, m in enumerate(claim["citation_details"])]
    markers += [(m.get("offset", len(text)), 1, n, "flag", m) for n, m in enumerate(claim["flag_details"])]
    pieces: list[tuple[str, Any]] = []
    done = 0
    for at, _, _, kind, marker in sorted(markers, key=lambda m: m[:3]):
        at = max(done, min(at, len(text)))
        if at > done:
            pieces.append(("text", text[done:at]))
        pieces.append((kind, marker))
        done = at
    if done < len(text) or not pieces:
        pieces.append(("text", text[done:]))
    return pieces


def marker_words(kind: str, marker: dict[str, Any]) -> str:
    """A marker as the page shows it: "[17]", "[17]:214", "[citation needed]"."""
    if kind == "citation":
        return f"[{marker['label']}]" + (f":{marker['page']}" if marker.get("page") else "")
    return marker.get("shown") or f"[{marker['name']}]"


def marked_text(claim: dict[str, Any]) -> str:
    """A claim's text with its markers where the page has them."""
    return "".join(value if kind == "text" else marker_words(kind, value) for kind, value in claim_pieces(claim))


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
