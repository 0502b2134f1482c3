"""Normalise the parameters of citation templates (CS1/CS2, sfn, harv) to field names.

Pure: takes a template name and its parameters as strings, returns fields.
"""

from __future__ import annotations

import re

from auditor.compiled import lazy_compile

#: Field name -> the template parameters that mean it, first found wins.
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "script-title", "trans-title", "chapter", "contribution", "entry", "article"),
    "url": ("url", "chapter-url", "chapterurl", "contribution-url", "section-url", "article-url"),
    "work": ("website", "work", "newspaper", "journal", "magazine", "periodical", "encyclopedia",
             "encyclopaedia", "dictionary", "series", "agency"),
    "publisher": ("publisher", "institution", "network", "station", "distributor"),
    "place": ("location", "place", "publication-place"),
    "date": ("date", "year", "publication-date", "air-date", "airdate"),
    "access-date": ("access-date", "accessdate"),
    "archive-url": ("archive-url", "archiveurl"),
    "archive-date": ("archive-date", "archivedate"),
    "url-status": ("url-status", "dead-url", "deadurl"),
    "page": ("page", "pages", "p", "pp", "at", "loc", "location-in-source", "minutes", "time", "quote-page"),
    "isbn": ("isbn", "ISBN", "isbn13"),
    "doi": ("doi", "DOI"),
    "pmid": ("pmid", "PMID"),
    "issn": ("issn", "ISSN", "eissn"),
    "oclc": ("oclc", "OCLC"),
    "quote": ("quote", "quotation"),
    "via": ("via",),
}
#: Parameter -> (the field it means, its rank among that field's aliases): each name means one field.
_ALIAS_OF = {name: (field_name, rank) for field_name, names in ALIASES.items() for rank, name in enumerate(names)}
_LAST_NAMES = ("last{}", "author{}", "surname{}")
_EDITOR_NAMES = ("editor{}-last", "editor-last{}", "editor{}", "editor{}-surname", "editor-surname{}")
#: Positional keywords of {{harvs}} and {{sfnm}} that are no author names.
_SHORT_KEYWORDS = frozenset({"nb", "txt", "in", "paren", "sp", "ref"})
_YEAR_IN = re.compile(r"\d{4}(?:\u2013\d{2,4})?[a-z]?")
_MAX_AUTHORS = 9
_SHORT = re.compile(r"^(sfnp?|sfnm|harvnb|harv|harvp|harvtxt|harvcolnb|harvcol|harvcoltxt|harvs|harvid|"
                    r"sfnref|citeref|rp)$")
_YEAR = lazy_compile(r"^(\d{3,4}(?:[\u2013-]\d{2,4})?|n\.d\.|nd|c\. \d{3,4})[a-z]?$")


def is_citation_template(name: str) -> bool:
    """Tell whether a (folded) template name is a full citation template."""
    return name.startswith("cite ") or name in ("citation", "cite", "vcite", "vcite book", "vcite journal",
                                                 "vcite web", "cite") or name.startswith("cite-")


def is_short_template(name: str) -> bool:
    """Tell whether a (folded) template name is a short citation (sfn, harvnb, ...)."""
    return bool(_SHORT.match(name)) and name not in ("rp", "harvid", "sfnref", "citeref")


def normalise(params: dict[str, str], template: str = "") -> dict[str, str]:
    """Map a CS1/CS2 template's parameters to field names; authors joined with '; '.

    ``author-keys`` holds the last names (up to nine; editors when no author) joined with '|',
    ``year`` the year with its a/b suffix, ``type`` the kind of work (see source_type).
    """
    found: dict[str, tuple[int, str]] = {}  # field -> (rank of the alias that gave it, value)
    for name, value in params.items():  # a citation has about ten parameters; ALIASES names 61
        alias = _ALIAS_OF.get(name)
        if alias is None or not value.strip():
            continue
        field_name, rank = alias
        held = found.get(field_name)
        if held is None or rank < held[0]:
            found[field_name] = (rank, value.strip())
    fields = {field_name: found[field_name][1] for field_name in ALIASES if field_name in found}
    authors = _people(params, _LAST_NAMES) or _people(params, _EDITOR_NAMES)
    if authors:
        fields["authors"] = "; ".join(f"{last}, {first}".strip(", ") for last, first in authors)
        fields["author-keys"] = "|".join(last for last, _ in authors)
    year = params.get("year", "").strip() or fields.get("date", "")
    match = _YEAR_IN.search(year)
    if match:
        fields["year"] = match.group()
    fields["type"] = source_type(params, template)
    return fields


def _people(params: dict[str, str], stems: tuple[str, ...]) -> list[tuple[str, str]]:
    """(last, first) pairs from last/last1..9 (or author, surname, editor) and first/given."""
    people = []
    table, names = _PERSON_KEYS[stems]
    present = names.intersection(params)
    if present:
        for lasts, firsts, keys in table:
            if keys.isdisjoint(present):  # no parameter of this number: _first_value would give ""
                continue
            last = _first_value(params, lasts)
            if last:
                people.append((last, _first_value(params, firsts)))
    if not people and params.get("vauthors", "").strip() and stems == _LAST_NAMES:
        people = [(p.strip().split()[0], "") for p in params["vauthors"].split(",") if p.strip()]
    return people


def _first_value(params: dict[str, str], keys: tuple[str, ...]) -> str:
    """The first non-blank value among ``keys``, stripped ("" when none)."""
    for key in keys:
        value = params.get(key)
        if value and value.strip():
            return value.strip()
    return ""


def _person_keys(stems: tuple[str, ...]) -> tuple[tuple[tuple[tuple[str, ...], tuple[str, ...], frozenset[str]], ...],
                                                  frozenset[str]]:
    """For author numbers 1..9: the parameters that may hold the last name and the first name, in order, and
    the last name's as a set (a number none of whose parameters is given is skipped without a call).

    Computed once: citation templates are many, and formatting names per template was a visible cost.
    """
    table = []
    for i in range(1, _MAX_AUTHORS + 1):
        suffixes = (str(i), "") if i == 1 else (str(i),)
        lasts = tuple(stem.format(n) for n in suffixes for stem in stems)
        table.append((lasts, tuple(f"{stem}{n}" for n in suffixes for stem in ("first", "given")), frozenset(lasts)))
    return tuple(table), frozenset(key for _, _, keys in table for key in keys)


_PERSON_KEYS = {stems: _person_keys(stems) for stems in (_LAST_NAMES, _EDITOR_NAMES)}


#: Source types a template's parameters reveal, first match wins.
_TYPE_PARAMS = (("journal", "journal"), ("magazine", "magazine"), ("newspaper", "news"), ("isbn", "book"),
                ("encyclopedia", "encyclopedia"), ("website", "web"))


def source_type(params: dict[str, str], template: str = "") -> str:
    """What kind of work a citation describes: book, journal, news, web, ... ("other" if unknown)."""
    kind = template.removeprefix("cite ").strip()
    if kind in ("book", "journal", "news", "web", "magazine", "encyclopedia", "thesis", "report", "press release",
                "av media", "episode", "conference", "tweet", "arxiv", "map", "podcast", "interview"):
        return kind
    for param, value in _TYPE_PARAMS:
        if params.get(param, "").strip():
            return value
    return "web" if params.get("url", "").strip() else "other"


def short_fields(params: dict[str, str]) -> dict[str, str]:
    """Fields of an sfn/harv short citation: authors (up to four), year, page."""
    positional = [params[k] for k in sorted((k for k in params if k.isdigit()), key=int)
                  if params[k].strip() not in _SHORT_KEYWORDS]
    year_at = next((i for i, v in enumerate(positional) if _YEAR.match(v.strip())), len(positional))
    fields = {"author-keys": "|".join(v.strip() for v in positional[:year_at][:4])}
    if year_at < len(positional):
        fields["year"] = positional[year_at].strip()
    if not fields["author-keys"]:  # {{harvs|last1=..|year=..}} names its parameters
        fields["author-keys"] = "|".join(last for last, _ in _people(params, _LAST_NAMES)[:4])
        if params.get("year", "").strip():
            fields["year"] = params["year"].strip()
    for name in ("p", "pp", "loc", "page", "pages", "at"):
        if params.get(name, "").strip():
            fields["page"] = params[name].strip()
            break
    return fields


_NAME = r"(?:(?:van|von|de|der|den|du|la|le|da|di|del|al)\s)*[A-Z][\w'\u2019.-]+"
_NAMES = rf"{_NAME}(?:(?:,\s|\s(?:and|&)\s){_NAME})*(?:,?\set\sal\.?)?"
_LOCUS = (r"(?:(?i:pp?|pages?|ch|chap|chapter|para|col|fol|f|ff|§)\.?\s*)?"
          r"[\dIVXLCivxlc]+[a-z]?(?:\s*[\u2013-]\s*[\dIVXLCivxlc]+)?")
_SIGNAL = r"(?:(?i:see(?:\salso)?|cf\.|quoted\sin|cited\sin|after|from)\s)?"
#: "Smith 2001, p. 3", "Smith & Jones (2001), pp. 3–5", "Smith, Life, p. 4": an author-date or author-title
#: short citation, or several joined by semicolons.
_SHORT_TEXT = lazy_compile(
    rf"(?:{_SIGNAL}(?:{_NAMES},?\s\(?(?:\d{{4}}|n\.d\.)[a-z]?\)?(?:[,:]\s*{_LOCUS}(?:,\s*{_LOCUS})*)?"
    rf"|{_NAMES},\s[^;]{{1,80}},\s(?:pp?\.|pages?)\s*[\dIVXLCivxlc]+(?:\s*[\u2013-]\s*\d+)?))"
    rf"(?:;\s*(?=\S))?")
#: "Smith, John (2001). Title ...": a full author-date citation written out by hand.
_FULL_TEXT = lazy_compile(rf"{_NAME},\s[A-Z][\w.\s'\u2019-]{{0,40}}?\s?\((?:\d{{4}}|n\.d\.)[a-z]?\)\.\s")


def reads_as_citation(text: str) -> bool:
    """Tell whether plain text is a citation written out: a short citation ("Smith 2001, p. 3", "Smith, Life,
    p. 4", several joined by ";") or a full one opening "Surname, Given (2001). ..."."""
    text = text.strip().rstrip(".").strip()
    if not text:
        return False
    if _FULL_TEXT.match(text):
        return True
    at = 0
    while at < len(text):
        match = _SHORT_TEXT.match(text, at)
        if match is None or match.end() == at:
            return False
        at = match.end()
    return True


#: Words a citation may carry besides its source: signals ("see also"), locators, "retrieved".
_CITATION_WORDS = frozenset({"see", "also", "cf", "quoted", "cited", "in", "and", "for", "details", "from", "after",
                             "p", "pp", "page", "pages", "at", "retrieved", "accessed", "on", "the", "via", "a", "an",
                             "of", "by", "translated", "translation", "reprinted"})
_WORD = lazy_compile(r"[^\W\d_]+")


def body_is_citation(rest: str, sourced: bool) -> bool:
    """Tell whether a note's body is a citation, so that the note is a source (README, "Notes that cite a source").

    ``sourced`` says the body holds a source part (a citation template, a short citation, a ref, an external
    link); ``rest`` is its text without them. With a source part, the body is a citation when no more than
    two words stay besides signals and locators ("See also [Smith 2001]", "Quoted in [cite]"); without
    one, when its text is a citation written out ("Smith 2001, p. 3"). Explanatory text that carries its own
    ref is a note: the ref supports the note's words, not the sentence the note hangs on.
    """
    if sourced:
        return sum(word.lower() not in _CITATION_WORDS for word in _WORD.findall(rest)) <= 2
    return reads_as_citation(rest)
