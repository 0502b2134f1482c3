"""Short citations ({{sfn}}, {{harvnb}}, "Webb 2005a, p. 32") -> the full entries they point to.

Pure. A short citation names author last names (up to four) and a year; the full entry in the
Bibliography / Sources / Works cited list carries the same names and year, or an explicit anchor
(``ref={{sfnref|...}}``, ``{{harvid|...}}``). Both become a CITEREF-style anchor ("CITEREFWebb2005a",
as the rendered page's link target), and a short citation resolves when its anchor exists.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Mapping

from auditor.compiled import lazy_compile
from auditor.model import Reference

_SPACE = lazy_compile(r"[\s_]+")
_YEAR = lazy_compile(r"\d{4}[a-z]?|n\.d\.[a-z]?")
#: Fields a resolved short citation borrows from its full entry.
BORROWED = ("url", "archive-url", "url-status", "title", "work", "publisher", "authors", "date", "isbn",
            "doi", "pmid", "issn", "oclc", "type")
#: "Webb 2005a, p. 32.", "Adams 2002, pp. xix", "Adams 1998." as plain text in a ref or a copy.
_TEXT_SHORT = lazy_compile(
    r"^(?P<names>[A-Z][\w'\u2019.-]+(?:(?:,| and| &) [A-Z][\w'\u2019.-]+){0,3}) \(?(?P<year>\d{4}[a-z]?)\)?"
    r"(?:[,:]\s*(?:(?:pp?\.|pages?)\s*)?(?P<page>[\w\u2013\u2014\-–, ]+?))?\.?\s*$"
)


def anchor(names: Iterable[str], year: str | None) -> str | None:
    """The CITEREF anchor of up to four last names and a year; None without any name."""
    keys = [_SPACE.sub("", n) for n in names if n and n.strip()][:4]
    if not keys:
        return None
    return "CITEREF" + "".join(keys) + _SPACE.sub("", year or "")


def entry_anchor(fields: Mapping[str, str], ref_param: str | None) -> str | None:
    """The anchor a full citation template sets: its ref= value, else its authors and year."""
    if ref_param:
        explicit = ref_param.strip()
        if explicit.lower() not in ("harv", "none", ""):
            return _SPACE.sub("", explicit) if explicit.startswith("CITEREF") else None
    names = fields.get("author-keys", "")
    year = fields.get("year") or _year_of(fields.get("date", ""))
    return anchor(names.split("|"), year) if names else None


def _year_of(text: str) -> str | None:
    match = _YEAR.search(text)
    return match.group() if match else None


def short_anchor(fields: Mapping[str, str]) -> str | None:
    """The anchor a short citation links to (from its author-keys and year fields)."""
    return anchor(fields.get("author-keys", "").split("|"), fields.get("year"))


def text_short(content: str) -> dict[str, str] | None:
    """Fields of a plain-text short citation ("Webb 2005a, p. 32."), or None when it is not one."""
    match = _TEXT_SHORT.match(content.strip())
    if not match:
        return None
    names = re.split(r",\s*| and | & ", match.group("names"))
    fields = {"author-keys": "|".join(n.strip() for n in names if n.strip()), "year": match.group("year")}
    if match.group("page"):
        fields["page"] = match.group("page").strip()
    return fields


def resolve_shorts(references: Iterable[Reference], entries: Mapping[str, dict[str, str]]) -> tuple[Reference, ...]:
    """Link each short reference to its full entry; resolved ones borrow the entry's fields.

    A short reference written as a template gets its ``resolved`` (Reference) and ``target``; one
    written as plain text ("Webb 2005a") is linked when it resolves and otherwise left as it is,
    since plain text may be no short citation at all.
    """
    out = []
    for ref in references:
        fields = dict(ref.fields)
        if ref.kind == "short":
            target = short_anchor(fields)
            found = entries.get(target) if target else None
            resolved = "no" if found is None else "text" if found.get("entry") == "text" else "yes"
        elif ref.kind == "text" and (guess := text_short(ref.content)) is not None:
            target = short_anchor(guess)
            found = entries.get(target) if target else None
            if found is None:
                out.append(ref)
                continue
            fields.update(guess)
            ref, resolved = replace(ref, kind="short"), "yes"
        else:
            out.append(ref)
            continue
        for name in BORROWED:
            if found and name in found and name not in fields:
                fields[name] = found[name]
        out.append(replace(ref, fields=tuple(sorted(fields.items())), resolved=resolved, target=target or None))
    return tuple(out)
