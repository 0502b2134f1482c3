"""Auditing one page of a batch into the lines the batch writes.

``page_result`` runs the one audit step of every command (pipeline.audit_page)
and never raises: a page that fails becomes a result with an error, so one bad
page cannot stop a run. Both batch engines call it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from auditor.model import UNRELIABLE_TIERS
from auditor.pipeline import Settings, audit_page
from auditor.sources.pages import PageText

#: Where an article ranks among the worst: lower is worse (see worst_key).
Rank = tuple[float, int, str, str]


@dataclass(frozen=True)
class PageResult:
    """The outcome of one page: its article line, its weak-claim lines, and its record.

    ``record`` (the full record as JSON) is kept only while the page is a
    candidate for the worst-articles reports.
    """

    key: str
    chunk: str
    title: str
    score: float | None
    claims: int
    weak: int
    error: str | None
    article_line: str
    claim_lines: str
    record: str | None = None

    def badness(self) -> Rank:
        """Sort key: the worst article first (lowest score, then most weak claims)."""
        return worst_key(self.score or 0.0, self.weak, self.title, self.key)


def worst_key(score: float, weak: int, title: str, key: str) -> Rank:
    """The order of the worst-articles list: lowest score, most weak claims, then title."""
    return (score, -weak, title, key)


#: What json.dumps(data, sort_keys=True, ensure_ascii=False) builds for every call, built once.
_dumps = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode


def _identity(page: PageText, chunk: str) -> dict[str, Any]:
    return {"key": page.key, "chunk": chunk, "title": page.title, "page_id": page.page_id,
            "namespace": page.namespace, "revision": page.source.revision,
            "timestamp": page.source.timestamp, "wiki": page.source.wiki, "source": page.source.name}


def error_result(page: PageText, chunk: str, error: str) -> PageResult:
    """The result of a page that could not be audited."""
    row = {**_identity(page, chunk), "claims": 0, "weak": 0, "cited": 0, "score": None, "counts": {},
           "unreliable": {}, "error": error}
    return PageResult(page.key, chunk, page.title, None, 0, 0, error, _dumps(row), "")


def skipped_result(page: PageText, chunk: str) -> PageResult:
    """The result of a page that is no article (a disambiguation page): reported as such, not audited."""
    row = {**_identity(page, chunk), "claims": 0, "weak": 0, "cited": 0, "score": None, "counts": {},
           "unreliable": {}, "error": None, "skipped": page.skipped}
    return PageResult(page.key, chunk, page.title, None, 0, 0, None, _dumps(row), "")


def _unreliable(record: dict[str, Any]) -> dict[str, int]:
    """Cited unreliable domains, from the references' tier and domain keys where present."""
    counts: dict[str, int] = {}
    for reference in record.get("references", ()):
        domain, tier = reference.get("domain"), reference.get("tier")
        if domain and tier in UNRELIABLE_TIERS:
            counts[domain] = counts.get(domain, 0) + 1
    return counts


def result_from_record(page: PageText, chunk: str, record: dict[str, Any],
                       cutoff: Rank | None = None) -> PageResult:
    """The lines of an audited page, built from its record.

    The record itself (as JSON) comes along only if the page ranks worse than
    ``cutoff``, the rank of the last of the worst articles known so far (None:
    any page may be among them): serialising every record cost about 7 ms a
    page on the fixture pages (measured), and all but the worst few are thrown away.
    """
    summary = record["summary"]
    row = {**_identity(page, chunk), "claims": summary["claims"], "weak": summary["weak"],
           "cited": summary["cited"], "score": summary["score"], "counts": summary["counts"],
           "unreliable": _unreliable(record), "error": None}
    claims = [
        _dumps({"key": page.key, "title": page.title, "revision": page.source.revision, "claim": c["id"],
                "section": c["section"], "text": c["text"], "score": c["score"], "location": c["location"],
                "codes": sorted({f["code"] for f in c["findings"]}), "flags": c["flags"]})
        for c in record["claims"] if c["weak"]
    ]
    result = PageResult(page.key, chunk, page.title, summary["score"], summary["claims"], summary["weak"], None,
                        _dumps(row), "".join(line + "\n" for line in claims))
    if cutoff is None or result.badness() < cutoff:
        return replace(result, record=_dumps(record))
    return result


def page_result(page: PageText, chunk: str, settings: Settings, cutoff: Rank | None = None) -> PageResult:
    """Audit one page (pipeline.audit_page); any failure becomes an error result (``cutoff``: see
    result_from_record)."""
    if page.error is not None:
        return error_result(page, chunk, page.error)
    if page.skipped is not None:
        return skipped_result(page, chunk)
    from auditor.audit import gc_paused

    with gc_paused():  # the lines too: they are as many objects again
        try:
            record = audit_page(page, settings)
        except RecursionError:
            return error_result(page, chunk, "pathological input: nesting too deep to parse")
        except Exception as error:  # isolation: any failure of one page is that page's error record
            return error_result(page, chunk, f"{type(error).__name__}: {error}")
        if not page.titled:  # a file is titled by the audit, from its name or its first line
            page = replace(page, title=record["article"]["title"])
        result = result_from_record(page, chunk, record, cutoff)
        # Freed while the collector still waits: alive when it resumes, the record is all in the youngest
        # generation, and the next allocation's collection walks it (0.1 s of 16 s on 300 dump pages).
        del record
    return result
