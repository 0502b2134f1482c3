"""A readable terminal summary: totals, then each weak claim with its reasons.

Several articles get one summary each (title, score line, findings by code), then the totals of the run,
so a failing run of many files shows its reasons, not pages of claims.
"""

from __future__ import annotations

import textwrap
from typing import Any

from auditor.scoring import worst_first
from auditor.reports import marked_text
from auditor.reports.terminal import escape_controls

INDENT = "       "


def _head(record: dict[str, Any]) -> list[str]:
    summary, article = record["summary"], record["article"]
    return [
        f"{article['title']} ({article['input_format']}, {article['source']['name']})",
        f"score {summary['score']:.1f}/100  claims {summary['claims']}  weak {summary['weak']}  "
        f"cited {summary['share_cited']:.0%}  citations {summary['citations']}  flags {summary['flags']}",
    ]


def _counts(counts: dict[str, int]) -> str:
    return "Findings: " + ", ".join(f"{code} x{n}" for code, n in sorted(counts.items()))


def render_many(records: list[dict[str, Any]]) -> str:
    """One article: its full report. Several: a summary of each, then the totals."""
    if len(records) == 1:
        return render(records[0])
    lines = []
    for record in records:
        lines += _head(record)
        if record["summary"]["counts"]:
            lines.append(_counts(record["summary"]["counts"]))
        lines.append("")
    claims = sum(r["summary"]["claims"] for r in records)
    weak = sum(r["summary"]["weak"] for r in records)
    findings = sum(n for r in records for n in r["summary"]["counts"].values())
    lines.append(f"{len(records)} articles: {claims} claims, {weak} weak, {findings} findings"
                 " (`auditor audit FILE` shows one article's weak claims)")
    return escape_controls("\n".join(lines) + "\n")


def render(record: dict[str, Any]) -> str:
    """Render the summary and the weak claims, worst first."""
    summary = record["summary"]
    lines = _head(record)
    weak = worst_first(c for c in record["claims"] if c["weak"])
    if weak:
        lines += ["", f"Weak claims ({len(weak)}), worst first:"]
    for claim in weak:
        where = f"line {claim['location']['line']}, {claim['section']}"
        need = claim.get("citation_need")
        lines.append(f"\n  {claim['score']:>3}  {where}" + (f", citation need {need:.2f}" if need is not None else ""))
        lines += textwrap.wrap(marked_text(claim), 96, initial_indent=INDENT, subsequent_indent=INDENT)
        for finding in claim["findings"]:
            lines.append(f"{INDENT}{finding['code']} {finding['name']}: {finding['message']}")
            if finding.get("fix"):
                lines += textwrap.wrap(f"fix: {finding['fix']}", 96, initial_indent=INDENT + "  ",
                                       subsequent_indent=INDENT + "       ", break_on_hyphens=False,
                                       break_long_words=False)
    if record.get("works"):
        lines += ["", f"Works listed ({len(record['works'])}), a catalogue, not scored as claims."]
    if record["findings"]:
        lines += ["", "Article:"]
        for finding in record["findings"]:
            line = finding["location"]["line"] if finding["location"] else "-"
            lines.append(f"  line {line}: {finding['code']} {finding['name']}: {finding['message']}")
            if finding.get("fix"):
                lines.append(f"    fix: {finding['fix']}")
    silenced = [(claim, f) for claim in record["claims"] for f in claim.get("suppressed", ())]
    if silenced:
        lines += ["", f"Silenced by `auditor: ignore` comments ({len(silenced)}):"]
        lines += [f"  line {claim['location']['line']}: {f['code']} {f['name']}: {f['reason'] or '(no reason given)'}"
                  for claim, f in silenced]
    if summary["counts"]:
        lines += ["", _counts(summary["counts"])]
    return escape_controls("\n".join(lines) + "\n")
