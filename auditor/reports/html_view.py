"""What the HTML report shows, computed from the record: plain data, no markup, no jinja2.

Everything here reads the record form (reports/record.py) and the check catalogue;
the template only lays it out. Keys other helpers may add to a reference (type, url,
domain, tier, findings) are read with ``.get`` so older records still render.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any, Iterable
from urllib.parse import quote, urlsplit

from auditor.checks import CHECKS
from auditor.checks.base import FAMILIES
from auditor.model import LEAD
from auditor.scoring import worst_first
from auditor.reports import claim_pieces, marker_words

__all__ = ["claim_pieces", "marker_words"]

#: Score bands of the heat map and the score chart: (lowest score, css class, words).
BANDS = ((0, "s0", "0-19"), (20, "s1", "20-39"), (40, "s2", "40-59"), (60, "s3", "60-79"), (80, "s4", "80-100"))


def safe_url(url: Any) -> str | None:
    """Only http and https URLs become links; anything else (javascript:, data:) does not."""
    if not isinstance(url, str) or not url.strip():
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def safe_href(href: Any) -> str | None:
    """A link target for the index page: http(s), or a relative path with no scheme at all."""
    if not isinstance(href, str) or not href.strip():
        return None
    href = href.strip()
    if safe_url(href):
        return href
    if any(ord(ch) < 32 for ch in href) or href.startswith(("//", "\\")):
        return None
    # A colon before the first slash would be read as a scheme (javascript:, data:).
    return None if ":" in href.split("/", 1)[0] else href


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """The check catalogue as data: code -> name, family, summary (the plain-words explanation), policy
    and its link. Built once per process and only read (each report read it twice, and each summary costs
    an inspect.cleandoc of its check's docstring: 0.19 s of a batch's 20 reports)."""
    return {c.code: {"name": c.name, "family": c.family, "summary": c.summary, "policy": c.policy,
                     "help_uri": c.help_uri} for c in CHECKS}


def legend(record: dict[str, Any]) -> list[dict[str, str]]:
    """What each finding code of the article means, once: code, name, summary and policy, in code order."""
    known = catalogue()
    return [{"code": code, **known[code]} for code in sorted(record["summary"]["counts"]) if code in known]


#: Wiki markup a reference's fields may hold, and what the page shows for it.
_MARKUP = (
    (re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]"), r"\1"),       # [[target|text]], [[text]]
    (re.compile(r"\[(?:https?:)?//\S+\s+([^\]]+)\]"), r"\1"),       # [http://x text]
    (re.compile(r"\{\{\s*!\s*\}\}"), "|"),
    (re.compile(r"\{\{[^{}|]*\|(?:[^{}|]*\|)*([^{}|=]*)\}\}"), r"\1"),  # {{lang|fr|text}}: its last argument
    (re.compile(r"\{\{[^{}]*\}\}"), ""),
    (re.compile(r"<[^<>]*>"), " "),
    (re.compile(r"'{2,}"), ""),
)


#: What a fix asks an editor to type: a template, a <ref>, a citation field.
_WIKITEXT = re.compile(r"\{\{[^{}]*\}\}|<ref[^<>]*>(?:\.\.\.</ref>)?|\|[a-z-]+=(?:\.\.\.)?")


def fix_pieces(fix: str) -> list[tuple[bool, str]]:
    """A fix cut into (is wikitext, text) pieces, so the page can set what to type as code.

    >>> fix_pieces("Add |date= to it, or tag it {{cn}}.")
    [(False, 'Add '), (True, '|date='), (False, ' to it, or tag it '), (True, '{{cn}}'), (False, '.')]
    """
    pieces, done = [], 0
    for match in _WIKITEXT.finditer(fix):
        if match.start() > done:
            pieces.append((False, fix[done:match.start()]))
        pieces.append((True, match.group()))
        done = match.end()
    if done < len(fix):
        pieces.append((False, fix[done:]))
    return pieces


def plain_text(text: str | None) -> str:
    """A field's wiki markup as the page shows it: link text, no quotes for italics, no tags.

    >>> plain_text("[[Hitchhiker: A Biography of Douglas Adams|''Hitchhiker'']] &amp; more")
    'Hitchhiker & more'
    """
    if not text:
        return ""
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return " ".join(html.unescape(text).split())


def reference_title(reference: dict[str, Any]) -> str:
    """What a reference is called, as text: its title, else its name, else its content, else ""."""
    fields = reference.get("fields") or {}
    return (plain_text(fields.get("title")) or plain_text(reference.get("name"))
            or plain_text(reference.get("content")))


def reference_details(reference: dict[str, Any]) -> list[str]:
    """Who and when of a reference, each said once: work or publisher, author, date (else year)."""
    fields = reference.get("fields") or {}
    keys = ("work", "website", "journal", "publisher", ("authors", "author", "last"), ("date", "year"))
    out: list[str] = []
    for key in keys:
        value = next((plain_text(fields.get(k)) for k in (key if isinstance(key, tuple) else (key,))
                      if fields.get(k)), "")
        if value and not any(value in seen or seen in value for seen in out):
            out.append(value)
    return out


def family_of(code: str) -> str:
    """The family of a finding code, also for codes this version does not know."""
    return FAMILIES.get(code[:1], "other")


def section_numbers(sections: list[dict[str, Any]]) -> dict[str, int]:
    """Section title -> MediaWiki section number (lead 0, then headings in order).

    A title that occurs twice keeps its first number: claims name their section
    by title only.
    """
    numbers: dict[str, int] = {LEAD: 0}
    headings = [s for s in sections if s["title"] != LEAD]
    for number, section in enumerate(headings, start=1):
        numbers.setdefault(section["title"], number)
    return numbers


def _edit_base(record: dict[str, Any]) -> str | None:
    """The link that opens the page in its wiki's editor.

    The record's ``edit_url`` (built from the wiki's own server and script path,
    as siteinfo gave them); without one (older records) the revision permalink's
    ``index.php``. Never a guessed URL pattern.
    """
    source = record["article"]["source"]
    edit = safe_url(source.get("edit_url"))
    if edit:
        return edit
    url = safe_url(source.get("url"))
    if not url or "/index.php" not in url:
        return None
    title = quote(record["article"]["title"].replace(" ", "_"), safe="")
    return f"{url.split('?', 1)[0]}?title={title}&action=edit"


def edit_links(record: dict[str, Any]) -> dict[str, str]:
    """Section title -> a link that opens the section in the wiki's editor (wiki input only)."""
    base = _edit_base(record)
    if base is None:
        return {}
    return {name: f"{base}&section={number}" for name, number in section_numbers(record["sections"]).items()}


def source_link(source: dict[str, Any]) -> str | None:
    """The link to where the article came from: the revision permalink, when safe."""
    return safe_url(source.get("url"))


def score_band(score: float) -> str:
    """The css class of a score's band in the heat map."""
    for low, css, _ in reversed(BANDS):
        if score >= low:
            return css
    return BANDS[0][1]


def score_histogram(claims: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """How many claims fall in each score band, as bars of a chart."""
    counts = Counter(score_band(c["score"]) for c in claims)
    return _bars([(words, counts[css], css) for _, css, words in BANDS])


def family_chart(counts: dict[str, int]) -> list[dict[str, Any]]:
    """Findings per family, as bars of a chart, in the families' fixed order."""
    totals: Counter[str] = Counter()
    for code, count in counts.items():
        totals[family_of(code)] += count
    order = [*FAMILIES.values(), *sorted(set(totals) - set(FAMILIES.values()))]
    return _bars([(family, totals[family], f"fam-{family}") for family in order if totals[family]])


def _bars(items: list[tuple[str, int, str]]) -> list[dict[str, Any]]:
    """Bars with their share of the largest (0..1) so the template only scales them."""
    top = max((count for _, count, _ in items), default=0) or 1
    return [{"label": label, "count": count, "css": css, "share": count / top} for label, count, css in items]


def reference_index(references: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Reference key -> the reference, with a page-safe anchor id (keys hold | and spaces)."""
    return {r["key"]: {**r, "anchor": f"ref-{n}"} for n, r in enumerate(references, start=1)}


def reference_problems(record: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Reference key -> the findings about it, each problem once: its own, and claim or article findings
    naming it (a finding given to every claim citing the reference is one problem, however many claims)."""
    problems: dict[str, list[dict[str, Any]]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    ordered = [(r["key"], f) for r in record["references"] for f in r.get("findings") or []]
    ordered += [(f.get("reference"), f) for c in record["claims"] for f in c["findings"]]
    ordered += [(f.get("reference"), f) for f in record["findings"]]
    for key, finding in ordered:
        if key and (key, finding["code"], finding["message"]) not in seen:
            seen.add((key, finding["code"], finding["message"]))
            problems[key].append(finding)
    return problems


def reference_link(reference: dict[str, Any]) -> str | None:
    """The reference's own link: its url, else its url field, when http(s)."""
    return safe_url(reference.get("url")) or safe_url((reference.get("fields") or {}).get("url"))


def reference_domain(reference: dict[str, Any]) -> str | None:
    """The reference's domain: as the record gives it, else the host of its link."""
    if reference.get("domain"):
        return reference["domain"]
    link = reference_link(reference)
    host = urlsplit(link).hostname if link else None
    return host.removeprefix("www.") if host else None


def weak_claims(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The weak claims, worst first (scoring.worst_first: score, then citation need, then reading order)."""
    return worst_first(c for c in claims if c["weak"])


def claims_by_section(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The sections in order, each with its claims (sections without claims are left out)."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in record["claims"]:
        grouped[claim["section"]].append(claim)
    numbers = section_numbers(record["sections"])
    seen: set[str] = set()
    out = []
    for section in record["sections"]:
        title = section["title"]
        if title in seen or not grouped.get(title):
            continue
        seen.add(title)
        out.append({**section, "number": numbers[title], "items": grouped[title]})
    return out


def claim_filters(claim: dict[str, Any], numbers: dict[str, int]) -> dict[str, str]:
    """The values the page's filters match a claim against, as space-separated words."""
    codes = sorted({f["code"] for f in claim["findings"]})
    return {"codes": " ".join(codes), "families": " ".join(sorted({family_of(c) for c in codes})),
            "section": str(numbers.get(claim["section"], ""))}
