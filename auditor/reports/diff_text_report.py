"""A readable diff of two audits: the totals, then the changes grouped by category."""

from __future__ import annotations

import textwrap
from typing import Any

from auditor.diff import CATEGORIES
from auditor.reports.terminal import escape_controls

HEADINGS = {
    "new-weak": "New weak claims", "weaker": "Claims that got weaker", "citation-removed": "Citations removed",
    "flag-added": "Flags added", "flag-resolved": "Flags resolved", "better": "Claims that got better",
}


def _revision(part: dict[str, Any]) -> str:
    source = part["article"]["source"]
    if source.get("revision"):
        return f"revision {source['revision']}"
    return source["name"]


def render(record: dict[str, Any]) -> str:
    """Render the diff record as text."""
    old, new, pairing = record["old"], record["new"], record["pairing"]
    lines = [
        f"{new['article']['title']}: {_revision(old)} -> {_revision(new)}",
        f"score {old['summary']['score']:.1f} -> {new['summary']['score']:.1f} ({record['score_change']:+.1f})  "
        f"weak {old['summary']['weak']} -> {new['summary']['weak']}  "
        f"claims {old['summary']['claims']} -> {new['summary']['claims']}",
        f"claims paired {pairing['paired']} (same {pairing['same']}, edited {pairing['edited']}, "
        f"moved {pairing['moved']}), added {pairing['added']}, removed {pairing['removed']}",
    ]
    for category in CATEGORIES:
        changes = [c for c in record["changes"] if c["category"] == category]
        if not changes:
            continue
        lines += ["", f"{HEADINGS[category]} ({len(changes)}):"]
        for change in changes:
            claim = change["claim"] or change["old_claim"]
            where = f"line {claim['location']['line']}, {claim['section']}"
            lines.append(f"  {where}: {change['message']}")
            lines += textwrap.wrap(claim["text"], 96, initial_indent="      ", subsequent_indent="      ")
    if not record["changes"]:
        lines += ["", "No changes in the claims' sourcing."]
    return escape_controls("\n".join(lines) + "\n")
