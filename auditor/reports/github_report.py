"""GitHub Actions workflow commands: one ``::warning``/``::notice`` line per finding.

GitHub shows them as annotations on the pull request's files. Values are
escaped as the Actions runner reads them: in the message ``%``, CR and LF
become ``%25``, ``%0D``, ``%0A``; in properties (file, title) also ``:`` and
``,`` become ``%3A`` and ``%2C``. A wiki revision has no file in the
repository, so its annotations carry no ``file=`` and name the revision in
the message instead.
"""

from __future__ import annotations

from typing import Any

from auditor.diff import SCHEMA as DIFF_SCHEMA
from auditor.reports.annotations import Annotation, annotations

COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(value: str) -> str:
    """Escape a workflow command's message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(note: Annotation) -> str:
    """The workflow command of one annotation."""
    props = []
    message = note.message
    if note.is_file:
        props.append(f"file={escape_property(note.uri)}")
        if note.line:
            props.append(f"line={note.line}")
            if note.column:
                props.append(f"col={note.column}")
    else:
        where = f"line {note.line} of " if note.line else ""
        message = f"{message} ({where}{note.uri})"
    props.append(f"title={escape_property(note.title)}")
    return f"::{COMMANDS[note.level]} {','.join(props)}::{escape_data(message)}"


def _summary(record: dict[str, Any]) -> str:
    if record["schema"] == DIFF_SCHEMA:
        counts = ", ".join(f"{n} {c}" for c, n in record["counts"].items() if n) or "no changes"
        return f"auditor diff {record['new']['article']['title']}: {counts}"
    summary = record["summary"]
    return (f"auditor {record['article']['title']}: score {summary['score']:.1f}, "
            f"{summary['weak']} weak of {summary['claims']} claims")


def render_many(records: list[dict[str, Any]]) -> str:
    """The workflow commands of every record, each followed by a plain summary line."""
    lines = []
    for record in records:
        lines += [command(note) for note in annotations(record)]
        # A plain line is printed in the log as it is; neutralise a leading '::' all the same.
        lines.append(_summary(record).replace("::", ": :").replace("\n", " "))
    return "".join(line + "\n" for line in lines)


def render(record: dict[str, Any]) -> str:
    """The workflow commands of one record."""
    return render_many([record])
