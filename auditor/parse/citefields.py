"""Normalise the parameters of citation templates (CS1/CS2, sfn, harv) to field names.

Pure: takes a template name and its parameters as strings, returns fields.
"""

from __future__ import annotations

import re

#: Field name -> the template parameters that mean it, first found wins.
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "script-title", "trans-title", "chapter", "contribution", "entry", "article"),
    "url": ("url", "chapter-url", "chapterurl", "contribution-url", "section-url", "article-url"),
    "work": ("website", "work", "newspaper", "journal", "magazine", "periodical", "encyclopedia",
             "encyclopaedia", "dictionary", "series", "agency", "via"),
    "publisher": ("publisher", "institution", "location", "place", "network", "station"),
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
_AUTHOR = re.compile(r"^(author|last|surname|authors|editor-last|editor|vauthors)(\d*)$")
_FIRST = re.compile(r"^(first|given)(\d*)$")
_SHORT = re.compile(r"^(sfnp?|sfnm|harvnb|harv|harvp|harvtxt|harvcolnb|harvcol|harvcoltxt|harvs|harvid|"
                    r"sfnref|citeref|rp)$")
_YEAR = re.compile(r"^(\d{3,4}|n\.d\.|nd|c\. \d{3,4})[a-z]?$")


def is_citation_template(name: str) -> bool:
    """Tell whether a (folded) template name is a full citation template."""
    return name.startswith("cite ") or name in ("citation", "cite", "vcite", "vcite book", "vcite journal",
                                                 "vcite web", "cite") or name.startswith("cite-")


def is_short_template(name: str) -> bool:
    """Tell whether a (folded) template name is a short citation (sfn, harvnb, ...)."""
    return bool(_SHORT.match(name)) and name not in ("rp", "harvid", "sfnref", "citeref")


def normalise(params: dict[str, str]) -> dict[str, str]:
    """Map a CS1/CS2 template's parameters to field names; authors joined with '; '."""
    fields: dict[str, str] = {}
    for field_name, names in ALIASES.items():
        for name in names:
            value = params.get(name, "").strip()
            if value:
                fields[field_name] = value
                break
    authors = []
    for name, value in sorted(params.items()):
        match = _AUTHOR.match(name)
        if match and value.strip():
            first = params.get(f"first{match.group(2)}", "").strip()
            authors.append((int(match.group(2) or 1), value.strip(), first))
    if authors:
        fields["authors"] = "; ".join(f"{last}, {first}".strip(", ") for _, last, first in sorted(authors))
        fields["author-keys"] = "|".join(last for _, last, _ in sorted(authors))
    if "date" in fields:
        year = re.search(r"\d{4}[a-z]?", fields["date"])
        if year:
            fields["year"] = year.group()
    return fields


def short_fields(params: dict[str, str]) -> dict[str, str]:
    """Fields of an sfn/harv short citation: authors (up to four), year, page."""
    positional = [params[k] for k in sorted((k for k in params if k.isdigit()), key=int)]
    year_at = next((i for i, v in enumerate(positional) if _YEAR.match(v.strip())), len(positional))
    fields = {"author-keys": "|".join(v.strip() for v in positional[:year_at])}
    if year_at < len(positional):
        fields["year"] = positional[year_at].strip()
    for name in ("p", "pp", "loc", "page", "pages", "at"):
        if params.get(name, "").strip():
            fields["page"] = params[name].strip()
            break
    return fields
