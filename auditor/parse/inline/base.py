"""What the inline-template renderers share: a call as plain strings, the result, the table."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from auditor.data import read_data
from auditor.parse.flagnames import fold_template_name
from auditor.parse.inline.convert import UnitTable


@dataclass(frozen=True)
class Rendering:
    """What a known inline template shows; ``rendered`` is False when its text cannot be computed."""

    text: str
    rendered: bool = True


NOT_TEXT = Rendering("")  # a known template that shows nothing ({{anchor}})
UNRENDERED = Rendering("", rendered=False)  # known, but not computable here ({{inflation}})


@dataclass(frozen=True)
class Call:
    """One template call as plain strings: positional arguments from 1, named ones, the audit date."""

    positional: tuple[str, ...]
    named: Mapping[str, str]
    today: str
    options: Mapping[str, object]

    def arg(self, n: int, default: str = "") -> str:
        """The n-th positional argument (1-based), stripped."""
        return self.positional[n - 1].strip() if len(self.positional) >= n else default

    def get(self, *names: str) -> str:
        """The first non-empty named argument of ``names``."""
        return next((self.named[n].strip() for n in names if self.named.get(n, "").strip()), "")

    def yes(self, *names: str) -> bool:
        """Whether a named flag argument is switched on (yes, y, on, true, 1)."""
        return self.get(*names).lower() in ("yes", "y", "on", "true", "1", "ja")


class InlineTable:
    """The known inline templates, by folded name and redirect."""

    def __init__(self, data: Mapping) -> None:
        self.entries: dict[str, tuple[str, Mapping[str, object]]] = {}
        for entry in data["templates"]:
            for name in (entry["name"], *entry["aliases"]):
                self.entries[fold_template_name(name)] = (entry["kind"], entry.get("options", {}))
        self.months = tuple(data["months"])
        self.month_numbers = {m.lower(): i + 1 for i, m in enumerate(self.months)} | data["month_abbreviations"]
        self.languages = dict(data["languages"])
        self.units = UnitTable(data)

    def lookup(self, name: str) -> tuple[str, Mapping[str, object]] | None:
        """The renderer kind and options of a folded template name, or None if unknown."""
        entry = self.entries.get(name)
        if entry is None:
            for prefix, kind in (("lang-", "lang-xx"), ("ipa-", "ipa-xx")):
                if name.startswith(prefix) and len(name) > len(prefix):
                    return (kind, {"code": name[len(prefix):]})
        return entry

    def knows(self, name: str) -> bool:
        """Whether a folded template name is an inline template of the table (cheap; no arguments read)."""
        return self.lookup(name) is not None


@lru_cache(maxsize=1)
def load_inline_table() -> InlineTable:
    """Read the shipped table (cached: it never changes during a run)."""
    raw = read_data("inline_templates.json")
    return InlineTable(json.loads(raw))
