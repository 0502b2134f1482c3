"""The table of inline maintenance templates: canonical names, families, aliases.

Template aliases (cn, fact, pn, bsn, ...) are resolved here, once, from
``auditor/data/flags.json``; checks only ever see canonical names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_DASHES = re.compile(r"\s*[\u2013\u2014\u2012-]\s*")
_SPACES = re.compile(r"[\s_]+")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)


@dataclass(frozen=True)
class FlagKind:
    """One canonical flag: its name, its family and the ways it is written."""

    name: str
    family: str
    aliases: tuple[str, ...]
    rendered: tuple[str, ...]

    @property
    def shown(self) -> str:
        """What the page shows for the flag, brackets included: its first rendered form, else its name."""
        return f"[{self.rendered[0] if self.rendered else self.name}]"


def fold_template_name(name: str) -> str:
    """Fold a template name as MediaWiki compares them: case, spaces, underscores.

    Comments inside the name (``{{cn<!-- why -->}}``) are not part of it.

    >>> fold_template_name(" Citation_Needed ")
    'citation needed'
    """
    name = _COMMENT.sub("", name).strip() if "<!--" in name else name.strip()
    if name[:9].lower() == "template:":
        name = name[9:]
    return _SPACES.sub(" ", name).strip().lower()


def fold_rendered(text: str) -> str:
    """Fold a rendered flag's bracket text: case, spacing and dash variants."""
    text = _SPACES.sub(" ", text).strip().lower()
    return _DASHES.sub(" - ", text)


class FlagTable:
    """Look flags up by template name (wikitext) or by rendered text (copies)."""

    def __init__(self, kinds: list[FlagKind]) -> None:
        self.kinds = tuple(kinds)
        self._by_template: dict[str, FlagKind] = {}
        self._by_rendered: dict[str, FlagKind] = {}
        for kind in kinds:
            for alias in (kind.name, *kind.aliases):
                self._by_template[fold_template_name(alias)] = kind
            for shown in (kind.name, *kind.rendered):
                self._by_rendered[fold_rendered(shown)] = kind

    def by_template(self, name: str) -> FlagKind | None:
        """Return the flag a template name stands for, or None if it is not a flag."""
        return self._by_template.get(fold_template_name(name))

    def by_rendered(self, text: str) -> FlagKind | None:
        """Return the flag a rendered bracket text stands for, or None."""
        return self._by_rendered.get(fold_rendered(text))


@lru_cache(maxsize=1)
def load_flag_table() -> FlagTable:
    """Read the shipped flag table (cached: it never changes during a run)."""
    raw = resources.files("auditor").joinpath("data/flags.json").read_text("utf-8")
    kinds = [
        FlagKind(
            name=entry["name"],
            family=entry["family"],
            aliases=tuple(entry.get("aliases", ())),
            rendered=tuple(entry.get("rendered", ())),
        )
        for entry in json.loads(raw)["flags"]
    ]
    return FlagTable(kinds)
