"""The JSON report: the record itself, sorted keys, stable across runs."""

from __future__ import annotations

import json
from typing import Any


def render(record: dict[str, Any]) -> str:
    """Serialise the record as indented JSON with sorted keys."""
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
