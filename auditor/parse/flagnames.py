"""The table of inline maintenance templates: canonical names, families, aliases, per wiki.

Template aliases (cn, fact, pn, bsn, ...) are resolved here, once, from
``auditor/data/flags.json``; checks only ever see canonical names. A wiki's
local templates ({{Référence nécessaire}}, {{Cita requerida}}, {{要出典}})
map to the same canonical names and families; the flag keeps the name as
written. Every wiki's table holds the English names too: other wikis import
them, and editors type them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.compiled import lazy_compile
from auditor.data import read_data

_DASHES = re.compile(r"\s*[\u2013\u2014\u2012-]\s*")
_SPACES = re.compile(r"[\s_]+")
_COMMENT = lazy_compile(r"<!--.*?(?:-->|$)", re.S)
#: The template namespace, in English and as the larger wikis name it.
_NAMESPACE = lazy_compile(r"^\s*(?:template|modèle|plantilla|predefinição|vorlage|шаблон|szablon|模板|テンプレート)\s*:\s*",
                        re.I)


@dataclass(frozen=True)
class FlagKind:
    """One canonical flag: its name, its family and the ways it is written."""

    name: str
    family: str
    aliases: tuple[str, ...]
    rendered: tuple[str, ...]
    text: tuple[str, ...] = ()  # the parameters that hold article text ({{citation needed span|text=...}})

    @property
    def shown(self) -> str:
        """What the page shows for the flag, brackets included: its first rendered form, else its name."""
        return f"[{self.rendered[0] if self.rendered else self.name}]"


@lru_cache(maxsize=4096)
def fold_template_name(name: str) -> str:
    """Fold a template name as MediaWiki compares them: case, spaces, underscores.

    Comments inside the name (``{{cn<!-- why -->}}``) are not part of it. Cached: every pass asks it of
    every template, and an article uses a few names many times ({{cite web}}, {{sfn}}).

    >>> fold_template_name(" Citation_Needed ")
    'citation needed'
    """
    name = _COMMENT.sub("", name).strip() if "<!--" in name else name.strip()
    if ":" in name:
        name = _NAMESPACE.sub("", name, count=1)
    return _SPACES.sub(" ", name).strip().lower()


def fold_rendered(text: str) -> str:
    """Fold a rendered flag's bracket text: case, spacing and dash variants."""
    text = _SPACES.sub(" ", text).strip().lower()
    return _DASHES.sub(" - ", text)


#: A rendered form ending so is a prefix: "источник не указан…" matches "источник не указан 225 дней".
PREFIX_MARK = "\u2026"


class FlagTable:
    """Look flags up by template name (wikitext) or by rendered text (copies).

    ``kinds`` are read in order: a later kind's names win over an earlier one's (a wiki's own over English).
    """

    def __init__(self, kinds: list[FlagKind]) -> None:
        self.kinds = tuple(kinds)
        self._by_template: dict[str, FlagKind] = {}
        self._by_rendered: dict[str, FlagKind] = {}
        self._prefixes: list[tuple[str, FlagKind]] = []
        for kind in kinds:
            self._by_template.setdefault(fold_template_name(kind.name), kind)  # a local kind bears a canonical name
            self._by_rendered.setdefault(fold_rendered(kind.name), kind)
            for alias in kind.aliases:
                self._by_template[fold_template_name(alias)] = kind
            for shown in kind.rendered:
                if shown.endswith(PREFIX_MARK):
                    self._prefixes.append((fold_rendered(shown[:-1]), kind))
                else:
                    self._by_rendered[fold_rendered(shown)] = kind

    def by_template(self, name: str) -> FlagKind | None:
        """Return the flag a template name stands for, or None if it is not a flag."""
        return self._by_template.get(fold_template_name(name))

    def by_rendered(self, text: str) -> FlagKind | None:
        """Return the flag a rendered bracket text stands for, or None."""
        folded = fold_rendered(text)
        found = self._by_rendered.get(folded)
        if found is None:
            found = next((kind for prefix, kind in self._prefixes if folded.startswith(prefix)), None)
        return found


@lru_cache(maxsize=1)
def _flag_data() -> dict:
    return json.loads(read_data("flags.json"))


def english_kinds() -> list[FlagKind]:
    """The canonical flags, as the English Wikipedia writes them (span templates keep their text)."""
    return [
        FlagKind(name=entry["name"], family=entry["family"], aliases=tuple(entry.get("aliases", ())),
                 rendered=tuple(entry.get("rendered", ())),
                 text=("text", "1") if entry["name"].endswith(" span") else ())
        for entry in _flag_data()["flags"]
    ]


def local_kinds(wiki: str, english: list[FlagKind]) -> list[FlagKind]:
    """One wiki's own templates, each under the canonical name and family of the ``english`` flag it stands for.

    A local template whose canonical name the table does not know is a data error (tested).
    """
    canonical = {kind.name: kind for kind in english}
    return [
        FlagKind(name=entry["flag"], family=canonical[entry["flag"]].family,
                 aliases=(entry["template"], *entry.get("aliases", ())), rendered=tuple(entry.get("rendered", ())),
                 text=tuple(entry.get("text", canonical[entry["flag"]].text)))
        for entry in _flag_data().get("wikis", {}).get(wiki, ())
    ]


def load_flag_table(wiki: str = "en") -> FlagTable:
    """The flag table of a wiki's language (cached by its base code: it never changes during a run): English,
    then its own."""
    from auditor.parse.languages import base_code

    return _flag_table(base_code(wiki))


@lru_cache(maxsize=None)
def _flag_table(code: str) -> FlagTable:
    english = english_kinds()
    return FlagTable([*english, *local_kinds(code, english)])
