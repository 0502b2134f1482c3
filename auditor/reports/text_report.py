"""A readable terminal summary: totals, then each weak claim with its reasons."""

from __future__ import annotations

import textwrap
from typing import Any


def _claim_line(claim: dict[str, Any]) -> str:
    markers = "".join(f"[{label}]" for label in claim["citations"])
    markers += "".join(f"[{flag}]" for flag in claim["flags"])
    return f"{claim['text']} {markers}".strip()


def render(record: dict[str, Any]) -> str:
    """Render the summary and the weak claims, worst first."""
    summary, article = record["summary"], record["article"]
    lines = [
        f"{article['title']} ({article['input_format']}, {article['source']['name']})",
        f"score {summary['score']:.1f}/100  claims {summary['claims']}  weak {summary['weak']}  "
        f"cited {summary['share_cited']:.0%}  citations {summary['citations']}  flags {summary['flags']}",
    ]
    weak = sorted((c for c in record["claims"] if c["weak"]), key=lambda c: (c["score"], c["location"]["line"]))
    if weak:
        lines += ["", f"Weak claims ({len(weak)}), worst first:"]
    for claim in weak:
        where = f"line {claim['location']['line']}, {claim['section']}"
        lines.append(f"\n  {claim['score']:>3}  {where}")
        lines += textwrap.wrap(_claim_line(claim), 96, initial_indent="       ", subsequent_indent="       ")
        for finding in claim["findings"]:
            lines.append(f"       {finding['code']} {finding['name']}: {finding['message']}")
    if record["findings"]:
        lines += ["", "Article:"]
        for finding in record["findings"]:
            line = finding["location"]["line"] if finding["location"] else "-"
            lines.append(f"  line {line}: {finding['code']} {finding['name']}: {finding['message']}")
    if summary["counts"]:
        lines += ["", "Findings: " + ", ".join(f"{code} x{n}" for code, n in sorted(summary["counts"].items()))]
    return "\n".join(lines) + "\n"
