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
    """The known inline templates of one wiki, by folded name and redirect: English's, with the wiki's own
    on top (a local name that English also has, such as frwiki's {{date}}, is the local template), and the
    wiki's digit grouping ({{formatnum:1039}} is "1 039" on frwiki, "1.039" on dewiki)."""

    def __init__(self, data: Mapping, lang: str = "en") -> None:
        wiki = data.get("wikis", {}).get(lang, {})
        self.entries: dict[str, tuple[str, Mapping[str, object]]] = {}
        for entry in (*data["templates"], *wiki.get("templates", ())):
            for name in (entry["name"], *entry["aliases"]):
                self.entries[fold_template_name(name)] = (entry["kind"], entry.get("options", {}))
        self.digit_separator = str(wiki.get("digit_separator", ","))
        self.decimal_separator = str(wiki.get("decimal_separator", "."))
        self.minimum_grouping = int(wiki.get("minimum_grouping", 4))
        self.months = tuple(data["months"])
        self.month_numbers = {m.lower(): i + 1 for i, m in enumerate(self.months)} | data["month_abbreviations"]
        self.languages = dict(data["languages"])
        self.units = UnitTable(data)
        self.countries: dict[str, str] = dict(data.get("countries", {}))
        self.country_names = frozenset(self.countries.values())

    def lookup(self, name: str) -> tuple[str, Mapping[str, object]] | None:
        """The renderer kind and options of a folded template name, or None if unknown."""
        entry = self.entries.get(name)
        if entry is None and ":" in name:
            found = self.entries.get(name.partition(":")[0].strip())
            if found is not None and found[1].get("colon"):
                return found  # a parser function: {{formatnum:1039}}
        if entry is None:
            for prefix, kind in (("lang-", "lang-xx"), ("ipa-", "ipa-xx")):
                if name.startswith(prefix) and len(name) > len(prefix):
                    return (kind, {"code": name[len(prefix):]})
        return entry

    def writes_name(self, name: str) -> bool:
        """Whether a folded template name writes the name a line is about: a country or team ({{fb}},
        {{flagcountry}}, {{#invoke:flag|fb|...}}) or an athlete or team ({{flagathlete}}, {{flagIOC}}: ``names``),
        so that what is left of the line without it is no claim."""
        entry = self.lookup(name)
        return entry is not None and (entry[0] in ("country", "module") or bool(entry[1].get("names")))

    def knows(self, name: str) -> bool:
        """Whether a folded template name is an inline template of the table (cheap; no arguments read)."""
        return self.lookup(name) is not None


    def group_digits(self, number: str) -> str:
        """A number as this wiki's {{formatnum}} writes it: "1039" -> "1,039" (en), "1 039" (fr)."""
        whole, dot, fraction = number.partition(".")
        if len(whole) >= self.minimum_grouping:
            whole = f"{int(whole):,}".replace(",", self.digit_separator)
        return whole + (self.decimal_separator + fraction if dot else "")


@lru_cache(maxsize=None)
def load_inline_table(lang: str = "en") -> InlineTable:
    """Read the shipped table for one wiki's language (cached per language: it never changes during a run)."""
    raw = read_data("inline_templates.json")
    return InlineTable(json.loads(raw), lang)
