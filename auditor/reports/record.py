"""The one record form every report is built from: plain dicts with a schema version.

The JSON output is this record, serialised with sorted keys. Time and version
come in as arguments, so the same input gives the same record. The dicts of claims,
references, findings, citations, flags and locations are written with their keys in
sorted order: the JSON writer sorts every dict, and a sorted list sorts in one pass
(callgrind, United-Kingdom: the writer's sorting 34 -> 16 M instructions).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from auditor.audit import AuditResult
from auditor.checks import BY_CODE
from auditor.model import WORK, Citation, Cover, Finding, Flag, Location, Reference
from auditor.scoring import scored_claims

SCHEMA = "auditor.audit/2"


def _location(location: Location | None) -> dict[str, int] | None:
    if location is None:
        return None
    return {"column": location.column, "line": location.line, "offset": location.offset}


def month_of(generated: str) -> str:
    """The month of the record's time, as a tag's ``|date=`` is written ("January 2026"); "" if unreadable."""
    try:
        return datetime.fromisoformat(generated).strftime("%B %Y")
    except ValueError:
        return ""


def _finding(finding: Finding, labels: dict[str, str], month: str, cover: Cover = Cover.NONE) -> dict[str, Any]:
    label = labels.get(finding.reference or "", None)
    check = BY_CODE.get(finding.code)
    return {
        "code": finding.code, "family": finding.family, "fix": check.fix_for(label, month, cover) if check else "",
        "location": _location(finding.location), "message": finding.message, "name": finding.name,
        "reference": finding.reference, "reference_label": label, "weight": finding.weight,
    }


def _citation(citation: Citation) -> dict[str, Any]:
    return {"group": citation.group, "key": citation.key, "label": citation.label, "note": citation.note,
            "offset": citation.at, "page": citation.page}


def _flag(flag: Flag) -> dict[str, Any]:
    return {"citation": flag.citation, "date": flag.date, "family": flag.family,
            "location": _location(flag.location), "name": flag.name, "offset": flag.at, "reason": flag.reason,
            "shown": flag.words, "written": flag.written}


def build_record(result: AuditResult, generated: str, version: str, elapsed: float | None = None) -> dict[str, Any]:
    """Build the record of one audited article (``elapsed``: the seconds its audit took, when it was timed)."""
    article, summary = result.article, result.summary
    labels = {r.key: r.label for r in article.references}
    month = month_of(generated)
    by_claim: dict[str | None, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_claim[finding.claim].append(finding)
    silenced = defaultdict(list)
    for suppressed in result.suppressed:
        silenced[suppressed.finding.claim].append(suppressed)
    claims = []
    scores, need, ends = result.scores, result.need, result.ends
    # Most claims have no flags, findings or suppressions and many no citations: an empty list is written
    # as it is, without a comprehension to run (each is a call); .get leaves by_claim holding only claims
    # with findings, in the order they were met.
    for claim in scored_claims(article):
        score, citations, flags, found = scores[claim.id], claim.citations, claim.flags, by_claim.get(claim.id)
        silent = silenced.get(claim.id)
        claims.append({
            "citation_details": [_citation(c) for c in citations] if citations else [],
            "citation_need": need.get(claim.id), "citations": [c.label for c in citations] if citations else [],
            "coverage": claim.coverage, "end": _location(ends.get(claim.id)),
            "findings": [_finding(f, labels, month, claim.cover) for f in found] if found else [],
            "flag_details": [_flag(f) for f in flags] if flags else [],
            "flags": [f.name for f in flags] if flags else [],
            "id": claim.id, "kind": claim.kind, "location": _location(claim.location),
            "paragraph": claim.paragraph, "score": score.score, "section": claim.section,
            "suppressed": [{**_finding(s.finding, labels, month, claim.cover), "reason": s.reason}
                           for s in silent] if silent else [],
            "text": claim.text, "weak": score.weak,
        })
    return {
        "schema": SCHEMA,
        "tool": {"name": "auditor", "version": version},
        "generated": generated,
        "elapsed": None if elapsed is None else round(elapsed, 3),
        "article": {
            "title": article.title, "input_format": article.input_format, "size": article.size,
            "lang": article.lang,
            "inline_templates": {"seen": article.inline_templates, "rendered": article.rendered_templates},
            "source": {"kind": article.source.kind, "name": article.source.name, "wiki": article.source.wiki,
                       "revision": article.source.revision, "url": article.source.url,
                       "timestamp": article.source.timestamp,
                       "redirected_from": article.source.redirected_from,
                       "parent": article.source.parent,
                       "normalized_from": article.source.normalized_from,
                       "page_url": article.source.page_url, "edit_url": article.source.edit_url,
                       "warnings": list(article.source.warnings)},
        },
        "summary": {
            "claims": summary.claims, "weak": summary.weak, "cited": summary.cited,
            "share_cited": summary.share_cited, "score": summary.score, "counts": dict(summary.counts),
            "citations": sum(len(c.citations) for c in article.claims),
            "flags": sum(len(c.flags) for c in article.claims),
        },
        "sections": _sections(article, claims),
        "claims": claims,
        "works": _works(article),
        "references": _references(result, by_claim, month),
        "limitations": _limitations(article),
        "findings": [{**_finding(f, labels, month), "end": _location(result.line_ends.get(f.location.offset if f.location
                                                                                  else 0))}
                     for f in by_claim[None]],
    }


def _works(article) -> list[dict[str, Any]]:
    """The entries of lists of works: a catalogue, listed as written, not scored as claims."""
    return [{"id": c.id, "section": c.section, "text": c.text, "citations": [x.label for x in c.citations],
             "location": _location(c.location)} for c in article.claims if c.kind == WORK]


def _sections(article, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    totals: dict[str, list[int]] = {}  # claims, weak, cited by section title (Counters: 5.8 -> 2.3 M on UK)
    for claim in claims:
        counts = totals.setdefault(claim["section"], [0, 0, 0])
        counts[0] += 1
        counts[1] += claim["weak"]
        counts[2] += claim["coverage"] in ("full", "partial")
    return [
        {"title": s.title, "level": s.level, "line": s.location.line,
         **dict(zip(("claims", "weak", "cited"), totals.get(s.title, (0, 0, 0))))}
        for s in article.sections
    ]


def _references(result: AuditResult, by_claim: dict[str | None, list[Finding]], month: str) -> list[dict[str, Any]]:
    """Each reference with what it is (type, url, domain, tier), the claims citing it and its findings."""
    article = result.article
    labels = {r.key: r.label for r in article.references}
    users: dict[str, list[str]] = defaultdict(list)
    for claim in article.claims:
        for citation in claim.citations:
            if claim.id not in users[citation.key]:
                users[citation.key].append(claim.id)
    findings: dict[str, dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
    for group in by_claim.values():
        for finding in group:
            if finding.reference is not None:
                known, key = findings[finding.reference], (finding.code, finding.message)
                if key not in known:  # the first of a code and message is kept
                    known[key] = _finding(finding, labels, month)
    records, domains = [], result.domains
    for r in article.references:
        info, found, given = domains.get(r.key), findings.get(r.key), dict(r.fields)
        # Reference.field answers a name's first value, a dict its last: the same when names are unique
        field = given.get if len(given) == len(r.fields) else r.field
        records.append({
            "claims": users.get(r.key) or [], "content": r.content, "domain": info and info.domain,
            "fields": _fields(r, given), "findings": list(found.values()) if found else [], "group": r.group,
            "key": r.key, "kind": r.kind, "label": r.label, "name": r.name,
            "source_types": list(info.types) if info else [], "template": r.template,
            "tier": info and info.tier, "type": field("type"), "url": field("url") or field("archive-url"),
        })
    return records


def _fields(reference: Reference, fields: dict[str, str]) -> dict[str, str]:
    """A reference's fields as the record has always shown them (``fields``: dict(reference.fields), which
    this adds to): with the parser's findings about it (resolved, target, archived) among them, though the
    model keeps those apart."""
    if reference.resolved is not None:
        fields["resolved"] = reference.resolved
    if reference.target is not None:
        fields["target"] = reference.target
    if reference.archived:
        fields["archived"] = "yes"
    return fields


def _limitations(article) -> list[str]:
    """What the input form cannot show, so readers know what the audit could not judge."""
    if article.input_format != "text":
        return []
    return ["a copy of a rendered page hides the URLs behind linked titles: domains, reliability tiers and "
            "dead links are judged only where a URL is visible in the references list",
            "a copy shows no template parameters: source types and missing fields are guessed from the "
            "references list's text"]
