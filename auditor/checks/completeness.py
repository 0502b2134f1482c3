"""Checks on whether a reference lets a reader find the support (WP:V, WP:CITE, WP:LINKROT).

Reference-scope functions take (reference, context); their findings go to every claim citing the
reference. page_missing and the flag checks look at one claim's citations and flags.
"""

from __future__ import annotations

from typing import Iterator

from auditor.checks.base import Context, Hit
from auditor.model import Citation, Claim, Reference

#: Work types a reader cannot check without the page.
PAGED = ("book", "journal", "thesis", "report", "encyclopedia", "magazine")
#: Work types whose template expects a date, and those that expect a publisher or work.
DATED = ("news", "web", "journal", "magazine", "press release")
PUBLISHED = ("book", "news", "web", "report")
_DEAD = ("dead", "unfit", "usurped")
_FULL = ("template", "short")


def needs_page(citation: Citation, reference: Reference) -> bool:
    """A citation of a paged work (book, journal, ...) that gives no page anywhere."""
    return not (citation.page or reference.field("page")) and reference.field("type") in PAGED


def missing_title(reference: Reference, context: Context) -> Iterator[Hit]:
    """A citation template or linked reference with no title.

    WP:CITE: the title is what lets a reader find the source again, whatever
    happens to the link.

    Fails:  <ref>{{cite web |url=https://example.org/a |website=Example}}</ref>
    Passes: <ref>{{cite web |url=https://example.org/a |title=A |website=Example}}</ref>
    """
    if reference.kind in _FULL and reference.template and reference.resolved != "no" \
            and not reference.field("title") and reference.field("type") != "other":
        yield Hit("the citation has no title", reference=reference.key)


def bare_url(reference: Reference, context: Context) -> Iterator[Hit]:
    """A reference that is only a URL (or a URL with a title): no author, date or publisher.

    WP:BAREURLS, WP:LINKROT: when the link dies, a bare URL leaves nothing to
    find the source by.

    Fails:  <ref>https://example.org/page</ref>
    Passes: <ref>{{cite web |url=https://example.org/page |title=Page |date=2020}}</ref>
    """
    if reference.kind == "bare-url":
        what = "a bare URL" if not reference.field("title") else "a link with a title and nothing else"
        yield Hit(f"the reference is {what}", reference=reference.key)


def missing_date(reference: Reference, context: Context) -> Iterator[Hit]:
    """A news, web or journal citation with no date or year.

    WP:CITE: the date tells a reader which version of a changing page or which
    issue to look for, and how current the claim is.

    Fails:  <ref>{{cite news |title=A |newspaper=The Times}}</ref>
    Passes: <ref>{{cite news |title=A |newspaper=The Times |date=3 May 2001}}</ref>
    """
    if reference.kind == "template" and reference.field("type") in DATED and not reference.field("date"):
        yield Hit(f"the {reference.field('type')} citation has no date", reference=reference.key)


def missing_publisher(reference: Reference, context: Context) -> Iterator[Hit]:
    """A book with no publisher, or a news/web citation with neither work nor publisher.

    WP:CITE: who published a source is how a reader judges it (WP:RS) and finds it.

    Fails:  <ref>{{cite book |title=A |last=Webb |year=2005}}</ref>
    Passes: <ref>{{cite book |title=A |last=Webb |year=2005 |publisher=Ballantine}}</ref>
    """
    kind = reference.field("type")
    if reference.kind == "template" and kind in PUBLISHED and not reference.field("publisher") and (
            kind == "book" or not reference.field("work")):
        yield Hit(f"the {kind} citation names no publisher", reference=reference.key)


def dead_link(reference: Reference, context: Context) -> Iterator[Hit]:
    """A reference whose link is marked dead ({{dead link}} in the ref, url-status=dead) with no archive.

    WP:LINKROT: a dead link without an archived copy cannot be checked online.
    An archived dead link is fine.

    Fails:  <ref>{{cite web |url=https://example.org/a |title=A}}{{dead link|date=May 2016}}</ref>
    Passes: <ref>{{cite web |url=https://example.org/a |title=A |url-status=dead |archive-url=https://web.archive.org/web/2016/https://example.org/a}}</ref>
    """
    dead = reference.field("dead-link") or (reference.field("url-status") or "").lower() in _DEAD
    if dead and not reference.field("archive-url"):
        since = f" (tagged {reference.field('dead-link')})" if reference.field("dead-link") not in (None, "yes") else ""
        yield Hit(f"the link is dead and has no archived copy{since}", reference=reference.key)


def broken_short_citation(reference: Reference, context: Context) -> Iterator[Hit]:
    """A short citation ({{sfn}}, {{harvnb}}) whose author and year match no full entry in the article.

    WP:CITESHORT: a short citation is only a pointer; when no Bibliography or
    Sources entry carries the same names and year (or a matching ref=), the
    reader has no source at all. Editors' Harv-error scripts report the same.

    Fails:  {{sfn|Webb|2005|p=3}} with no {{cite book |last=Webb |year=2005 ...}} in the article
    Passes: {{sfn|Webb|2005|p=3}} and, under Sources, {{cite book |last=Webb |year=2005 |title=...}}
    """
    if reference.kind == "short" and reference.resolved == "no":
        names = (reference.field("author-keys") or "?").replace("|", ", ")
        year = reference.field("year") or "(no year)"
        yield Hit(f"short citation {names} {year} matches no full entry in the article", reference=reference.key)


def page_missing(claim: Claim, context: Context) -> Iterator[Hit]:
    """A claim cites a book or journal without a page (no {{rp}}, sfn p=, page= or a copy's p. 12).

    WP:CITE, WP:V: a reader cannot check a claim against a whole book.

    Fails:  He was born in 1952.<ref>{{cite book |title=Hitchhiker |isbn=1-932112-17-0}}</ref>
    Passes: He was born in 1952.<ref>{{cite book |title=Hitchhiker |isbn=1-932112-17-0}}</ref>{{rp|9}}
    """
    for citation in claim.citations:
        reference = context.references.get(citation.key)
        if reference is None or citation.note:
            continue
        if needs_page(citation, reference):
            yield Hit(f"[{citation.label}] cites a {reference.field('type')} without a page",
                      reference=reference.key)
