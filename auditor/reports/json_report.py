"""The JSON report: the record itself, keys sorted, stable across runs.

Top-level lists (claims, references, sections, findings) hold one item per
line: readable and diff-friendly (golden files change line by line). Each item
is written compactly, by orjson for a large record (the only importer of
orjson; this report and JSON lines use it) and by the json module's C encoder
for a small one, byte for byte the same for every value a record holds (see encoder_for).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any

#: The json module writes a record the way orjson does: compact, keys sorted, non-ASCII as it is. It also
#: writes what orjson refuses: a lone surrogate (an undecodable byte of a file name, kept by Python's
#: surrogateescape), an integer past 64 bits, a key that is not a string.
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), check_circular=False)
#: From this many items in its lists, a record is written by orjson. Importing orjson costs 4.3 M
#: instructions (it imports uuid and platform), what the json module spends on about 50 KB of output,
#: some 50 items; on United-Kingdom's 1.4 MB orjson takes 31 M instructions against 149 M (callgrind).
ORJSON_FROM = 50


@lru_cache(maxsize=1)
def _orjson() -> Callable[[Any], str]:
    """orjson's writer, imported on first use (the json module's where orjson is not installed)."""
    try:
        import orjson
    except ImportError:  # an environment installed before orjson was a dependency: the same bytes, slower
        return _JSON.encode
    dumps, option, refused = orjson.dumps, orjson.OPT_SORT_KEYS, orjson.JSONEncodeError

    def encode(value: Any) -> str:
        try:
            return dumps(value, option=option).decode()
        except refused:
            return _JSON.encode(value)

    return encode


def encoder_for(record: dict[str, Any]) -> Callable[[Any], str]:
    """The function that writes ``record`` (or any part of it) as compact JSON with sorted keys.

    Both write floats as Python's repr does for every value a record holds (rounded to at most four
    places); orjson and repr part only below 1e-4 (``0.00001`` against ``1e-05``).
    """
    items = sum(len(value) for value in record.values() if isinstance(value, list))
    return _orjson() if items >= ORJSON_FROM else _JSON.encode


def render(record: dict[str, Any]) -> str:
    """Serialise the record: one key per line at the top, one list item per line below it."""
    dumps = encoder_for(record)
    lines = []
    for key in sorted(record):
        value = record[key]
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {dumps(item)}" for item in value)
            lines.append(f"  {dumps(key)}: [\n{items}\n  ]")
        else:
            lines.append(f"  {dumps(key)}: {dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"
