"""The JSON report: the record itself, keys sorted, stable across runs.

Top-level lists (claims, references, sections, findings) hold one item per
line: readable, diff-friendly (golden files change line by line), and written
by the json module's C encoder, which an indented dump cannot use.
"""

from __future__ import annotations

import json
from typing import Any


#: One encoder for every item: json.dumps with options builds a new encoder per call (callgrind, United-Kingdom:
#: 30 M instructions over 1,500 items). No cycle check: a record is a tree of plain values.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": "), check_circular=False)


def _compact(value: Any) -> str:
    return _ENCODER.encode(value)


def render(record: dict[str, Any]) -> str:
    """Serialise the record: one key per line at the top, one list item per line below it."""
    lines = []
    for key in sorted(record):
        value = record[key]
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {_compact(item)}" for item in value)
            lines.append(f"  {_compact(key)}: [\n{items}\n  ]")
        else:
            lines.append(f"  {_compact(key)}: {_compact(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"
