"""Findings flattened for the CI formats (SARIF, GitHub): one annotation per finding or change.

Levels: a finding on a weak claim is a ``warning``; on a claim that is not weak
a ``note``; an article-level finding has its catalogue level (``Check.level``: a parse
problem is a ``note``, except those that make the audit incomplete, P902-P904, which
are ``warning``s). In a
diff, the bad-news changes are ``warning``s; the good news is left out, since
a CI annotation asks someone to act.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from auditor.checks import BY_CODE
from auditor.checks.base import snippet as cut
from auditor.diff import BAD_NEWS, CATEGORIES
from auditor.diff import SCHEMA as DIFF_SCHEMA
from auditor.diff import normalise
from auditor.scoring import worst_first
from auditor.reports import marked_text

SNIPPET = 100


@dataclass(frozen=True)
class Annotation:
    """One thing to show at a place: a rule (finding code or diff category) and a message."""

    rule: str
    title: str
    level: str
    message: str
    uri: str
    is_file: bool
    line: int | None
    column: int | None
    fingerprint: str
    #: (start line, start column, end line, end column) of what the annotation is about: the claim, or the
    #: line of an article-level finding (line 1 when it has no place).
    region: tuple[int, int, int, int] = (1, 1, 1, 1)
    #: A hash of the claim's own normalised text (of the message for article-level findings).
    text_hash: str = ""
    #: Why an `auditor: ignore` comment silenced it; None when it was not silenced.
    suppressed: str | None = None


def artifact_uri(source: dict[str, Any]) -> tuple[str, bool]:
    """Where an article lives: (relative POSIX path, True) for files, (URL or name, False) otherwise."""
    if source["kind"] == "file":
        path = Path(source["name"])
        if path.is_absolute():
            try:
                path = Path(os.path.relpath(path))
            except ValueError:  # another drive on Windows
                pass
        return path.as_posix(), True
    return source.get("url") or source["name"], False


def snippet(text: str) -> str:
    """The claim's text, shortened at a word boundary for a one-line message."""
    return cut(text, SNIPPET)


def _with_fix(message: str, finding: dict[str, Any]) -> str:
    return f"{message}. Fix: {finding['fix']}" if finding.get("fix") else message


def annotations(record: dict[str, Any]) -> list[Annotation]:
    """The annotations of an audit or diff record: the claims' worst first (scoring.worst_first: score, then
    citation need), then the article's; a diff's in its own order (worst first within each category)."""
    if record["schema"] == DIFF_SCHEMA:
        return _diff_annotations(record)
    uri, is_file = artifact_uri(record["article"]["source"])
    found = []
    for claim in worst_first(record["claims"]):
        level = "warning" if claim["weak"] else "note"
        region = _region(claim["location"], claim.get("end"))
        need = f", citation need {claim['citation_need']:.2f}" if claim.get("citation_need") is not None else ""
        quoted = snippet(marked_text(claim))
        for finding in claim["findings"]:
            message = _with_fix(f"{finding['message']} (claim scores {claim['score']}{need}): “{quoted}”", finding)
            where = finding["location"] or claim["location"]
            found.append(_make(finding["code"], finding["name"], level, message, uri, is_file, where,
                               claim["text"], region))
    for finding in record["findings"]:
        level = BY_CODE[finding["code"]].level if finding["code"] in BY_CODE else "note"
        message = _with_fix(finding["message"], finding)
        found.append(_make(finding["code"], finding["name"], level, message, uri, is_file, finding["location"],
                           finding["message"], _region(finding["location"], finding.get("end"))))
    return found


def silenced(record: dict[str, Any]) -> list[Annotation]:
    """The findings of an audit record that `auditor: ignore` comments silenced, with their reasons."""
    if record["schema"] == DIFF_SCHEMA:
        return []
    uri, is_file = artifact_uri(record["article"]["source"])
    found = []
    for claim in record["claims"]:
        region = _region(claim["location"], claim.get("end"))
        for finding in claim.get("suppressed", ()):
            message = f"{finding['message']}: “{snippet(claim['text'])}”"
            note = _make(finding["code"], finding["name"], "note", message, uri, is_file,
                         finding["location"] or claim["location"], claim["text"], region)
            found.append(replace(note, suppressed=finding["reason"] or "auditor: ignore comment"))
    return found


def _region(start: dict[str, int] | None, end: dict[str, int] | None) -> tuple[int, int, int, int]:
    if start is None:
        return (1, 1, end["line"], end["column"]) if end and end["line"] == 1 else (1, 1, 1, 1)
    if end is None or (end["line"], end["column"]) <= (start["line"], start["column"]):
        return start["line"], start["column"], start["line"], start["column"] + 1
    return start["line"], start["column"], end["line"], end["column"]


def _diff_annotations(record: dict[str, Any]) -> list[Annotation]:
    uri, is_file = artifact_uri(record["new"]["article"]["source"])
    found = []
    for change in record["changes"]:
        claim = change["claim"]
        if change["category"] not in BAD_NEWS or claim is None:
            continue
        message = f"{change['message']}: “{snippet(claim['text'])}”"
        found.append(_make(change["category"], change["category"], "warning", message, uri, is_file,
                           claim["location"], claim["text"], _region(claim["location"], claim.get("end"))))
    return found


def _make(rule: str, name: str, level: str, message: str, uri: str, is_file: bool,
          location: dict[str, int] | None, anchor: str, region: tuple[int, int, int, int]) -> Annotation:
    # The fingerprints follow the claim's text, not its line, so an alert survives edits above it.
    anchored = normalise(anchor)
    digest = hashlib.sha256(f"{rule}\0{anchored}".encode()).hexdigest()[:32]
    text_hash = hashlib.sha256(anchored.encode()).hexdigest()[:16]
    return Annotation(rule, f"{rule} {name}" if rule != name else rule, level, message, uri, is_file,
                      location["line"] if location else None, location["column"] if location else None,
                      digest, region, text_hash)


def diff_rules() -> list[tuple[str, str, str]]:
    """(id, name, description) of the diff categories that can be annotated."""
    return [(c, c, CATEGORIES[c]) for c in BAD_NEWS]
