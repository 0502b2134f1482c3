"""The references list of a copied article: "^ a b Smith, J. (2004). Title. Publisher. p. 12." or "[1] Smith ..."

Pure. A copy of a rendered page ends with its notes and references: one entry per line, opened by
"^" and the back-links ("a b c" when several citations share it), sometimes numbered ("1. ^ ...")
or bulleted. Entry N is the reference behind marker [N]. A Bibliography / References list of full
entries ("Webb, Nick (2005a). Wish You Were Here. ...") lets short entries ("Webb 2005a, p. 32.")
resolve, as sfn does in wikitext. A copy shows no URL behind a linked title; only visible URLs count.
"""

from __future__ import annotations

import re

from auditor.compiled import lazy_compile
from auditor.model import Citation, Reference
from auditor.parse.languages import all_back_names, longest_first
from auditor.parse.shortcites import anchor, resolve_shorts, text_short
from auditor.parse.textblocks import notes_list_lines

#: An entry of a copied notes list opens with its back-link: "^" on the English Wikipedia, "\u2191" where a
#: wiki keeps MediaWiki's default (de, fr, es, it, ...: "\u2191 a b Ferdinand Thommes: ...").
_ENTRY = lazy_compile(r"^\s*(?:\d{1,4}\.\s*)?(?:[\u2022*\u00b7-]\s*)?[\^\u2191]\s*(.*\S)\s*$")
_NUMBERED = lazy_compile(r"^\s*\[(\d{1,4})\]\s*(.*)$")
_BACKLINKS = lazy_compile(r"^((?:[a-z]{1,2} )+)")
_ENGLISH_HEADINGS = ("notes", "references", "citations", "footnotes", "sources", "bibliography", "works cited",
                     "general references", "general reference", "specific references", "specific reference",
                     "further reading", "external links")
#: The headings a notes list sits under, in every language the table knows ("Einzelnachweise", "Note").
_HEADING = lazy_compile(r"^\s*(" + "|".join(map(re.escape, longest_first({*_ENGLISH_HEADINGS, *all_back_names()})))
                        + r")\s*$", re.I)
_FULL_ENTRY = lazy_compile(r"^\s*(?:[\u2022*]\s*)?(?P<last>[^,()\n]{2,40}),[^()\n]{0,80}?\((?P<year>\d{4}[a-z]?)\)")
_URL = lazy_compile(r"https?://[^\s\"<>\]]+")
_QUOTED = lazy_compile(r"[\"\u201c]([^\"\u201c\u201d]{3,})[\"\u201d]")
_PAGE = lazy_compile(r"(?:\bpp?\.|\bpages?)\s*([\divxlcdm]+(?:\s*[\u2013\u2014-]\s*\d+)?)", re.I)
_ISBN = lazy_compile(r"\bISBN[:\s]*([\dXx][\d\-\sXx]{8,16}[\dXx])")
_YEAR = lazy_compile(r"\b(1[5-9]\d\d|20\d\d)[a-z]?\b")
_BIBLIOGRAPHIES = ("references", "sources", "bibliography", "works cited", "general references")


def _strip_backlinks(entry: str) -> str:
    """Drop the "a b c" back-links that open an entry cited more than once."""
    match = _BACKLINKS.match(entry)
    if match:
        letters = match.group(1).split()
        expected = [chr(ord("a") + i) for i in range(len(letters))]
        if letters == expected[:len(letters)] and letters[0] == "a":
            return entry[match.end():]
    return entry


def read_reference_list(text: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The "^" entries of the longest notes list, in order, and full entries by anchor."""
    blocks: list[list[str]] = []
    entries: dict[str, dict[str, str]] = {}
    heading = ""
    for line in text.splitlines():
        if _HEADING.match(line):
            heading = line.strip().lower()
            blocks.append([])
            continue
        match = _ENTRY.match(line)
        if match and blocks:
            blocks[-1].append(_strip_backlinks(match.group(1)))
        elif heading in _BIBLIOGRAPHIES:
            entries = {**full_entries([line]), **entries}
    notes = max(blocks, key=len) if blocks else []
    numbered = numbered_notes(text)
    return (numbered if len(numbered) > len(notes) else notes), entries


def numbered_notes(text: str) -> list[str]:
    """A notes list written with its numbers ("[1] Smith, Towns, p. 12"), entry N at index N - 1."""
    lines = notes_list_lines(text)
    if not lines:
        return []
    found: dict[int, str] = {}
    offset = 0
    for raw in text.splitlines(keepends=True):
        if offset in lines:
            match = _NUMBERED.match(raw)
            if match:
                found.setdefault(int(match.group(1)), match.group(2).strip())
        offset += len(raw)
    return [found.get(n, "") for n in range(1, max(found, default=0) + 1)]


def full_entries(lines) -> dict[str, dict[str, str]]:
    """Full entries written as plain text ("Webb, Nick (2005a). Title. ...") by their anchor."""
    entries: dict[str, dict[str, str]] = {}
    for line in lines:
        full = _FULL_ENTRY.match(line)
        target = anchor([full.group("last").strip()], full.group("year")) if full else None
        if target:
            entries.setdefault(target, {**text_fields(line.strip()), "entry": "text"})
    return entries


def text_fields(content: str) -> dict[str, str]:
    """Citation fields a reference's text shows: url, title, year, page, isbn, type."""
    fields: dict[str, str] = {}
    for name, pattern in (("url", _URL), ("title", _QUOTED), ("page", _PAGE), ("isbn", _ISBN), ("year", _YEAR)):
        match = pattern.search(content)
        if match:
            fields[name] = match.group(1) if pattern.groups else match.group()
    if "url" in fields:
        fields["url"] = fields["url"].rstrip(".,;:)")  # the sentence's punctuation, not the URL's
    if "year" in fields:
        fields["date"] = fields["year"]
    if "isbn" in fields:
        fields["type"] = "book"
    elif re.search(r"\b(Retrieved|Accessed|Archived from)\b", content):
        fields["type"] = "web"
    return fields


def copied_references(claims, text: str, orphans=()) -> tuple[Reference, ...]:
    """The references of a copy: one per marker label (orphan markers' too), with the list entry's text
    and fields when shown."""
    notes, entries = read_reference_list(text)
    seen: dict[str, Reference] = {}
    citations = [c for claim in claims for c in claim.citations] + [o for o in orphans if isinstance(o, Citation)]
    for citation in citations:
        if citation.key not in seen:
            seen[citation.key] = _reference(citation, notes)
    return resolve_shorts(seen.values(), entries)


def _reference(citation: Citation, notes: list[str]) -> Reference:
    """A marker's reference: entry N of the notes list for [N], content unknown otherwise."""
    number = int(citation.label) if citation.label.isdigit() and not citation.group else 0
    if not 0 < number <= len(notes) or not notes[number - 1]:
        return Reference(citation.key, citation.label, citation.group)
    content = notes[number - 1]
    fields = text_fields(content)
    short = text_short(content)
    if short is not None:
        fields = {**fields, **short}
    kind = "bare-url" if _URL.fullmatch(content.strip()) else "text"
    return Reference(citation.key, citation.label, citation.group, content=content, kind=kind,
                     fields=tuple(sorted(fields.items())), archived="Archived from the original" in content)
