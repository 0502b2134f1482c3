"""Whether a run passes, as ruff and flake8 decide it: thresholds in, exit code out.

Exit codes: 0 pass, 1 a threshold failed (or an audit was incomplete),
2 usage or input error (or an article past the time budget), 3 a wiki could not be reached. Pure: records in,
reasons out; the CLI prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditor.checks import CHECKS

PASS, FAILED, UNAUDITED = 0, 1, 2
#: Parse problems that say the article could not be read whole, as the catalogue marks them (P905,
#: neutralised slow markup, was read whole: its unclosed openers are text either way).
INCOMPLETE = frozenset(check.code for check in CHECKS if check.incomplete)
#: Findings that say nothing was audited (the parse ran past the time budget: exit 2, as any input the
#: auditor cannot read), as the catalogue marks them.
UNAUDITED_CODES = frozenset(check.code for check in CHECKS if check.unaudited)


@dataclass(frozen=True)
class Thresholds:
    """What makes an audit fail. Each applies to every article on its own."""

    fail_under: float | None = None
    max_weak: int | None = None
    fail_on: tuple[str, ...] = ()
    exit_zero: bool = False

    @classmethod
    def of(cls, config: Any, exit_zero: bool = False) -> "Thresholds":
        """The thresholds a Config sets (from its file or the command line); --exit-zero is the command line's."""
        return cls(config.fail_under, config.max_weak, tuple(config.fail_on), exit_zero)


def is_incomplete_code(code: str) -> bool:
    """True for the parse problems that say the article was not fully parsed."""
    return code in INCOMPLETE


def all_findings(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Every finding of an audit record: the claims' and the article's."""
    return [f for claim in record["claims"] for f in claim["findings"]] + list(record["findings"])


def incomplete(record: dict[str, Any]) -> list[str]:
    """Why the audit of this record is incomplete (empty when it is complete)."""
    codes = sorted({f["code"] for f in all_findings(record) if is_incomplete_code(f["code"])})
    if UNAUDITED_CODES.intersection(codes):
        return [f"{_name(record)}: not audited: parsing ran past the time budget (raise --time-budget)"]
    return [f"{_name(record)}: incomplete audit ({', '.join(codes)}): the article was not fully parsed"] \
        if codes else []


def failures(record: dict[str, Any], thresholds: Thresholds) -> list[str]:
    """The thresholds this record fails, one line each."""
    summary, name, reasons = record["summary"], _name(record), []
    if thresholds.fail_under is not None and summary["score"] < thresholds.fail_under:
        reasons.append(f"{name}: score {summary['score']:.1f} is under --fail-under {thresholds.fail_under:g}")
    if thresholds.max_weak is not None and summary["weak"] > thresholds.max_weak:
        reasons.append(f"{name}: {summary['weak']} weak claims, more than --max-weak {thresholds.max_weak}")
    hits = sorted({f["code"] for f in all_findings(record)} & set(thresholds.fail_on))
    if hits:
        reasons.append(f"{name}: findings selected by --fail-on: {', '.join(hits)}")
    return reasons


def judge(records: list[dict[str, Any]], thresholds: Thresholds) -> tuple[int, list[str]]:
    """The exit code of the audits and the reasons for it.

    --exit-zero silences failed thresholds but not incomplete audits: an audit
    that could not read the whole article never passes.
    """
    failed = [reason for record in records for reason in failures(record, thresholds)]
    unread = [reason for record in records for reason in incomplete(record)]
    if any(f["code"] in UNAUDITED_CODES for record in records for f in record["findings"]):
        return UNAUDITED, unread
    if unread or (failed and not thresholds.exit_zero):
        return FAILED, failed + unread
    return PASS, failed


def judge_diffs(records: list[dict[str, Any]], categories: tuple[str, ...],
                exit_zero: bool) -> tuple[int, list[str]]:
    """The exit code of diffs: 1 when one holds changes in the failing categories (or an incomplete audit)."""
    reasons, unread = [], []
    for record in records:
        counts = {c: n for c, n in record["counts"].items() if c in categories and n}
        reasons += [f"{_name(record['new'])}: {n} {c}" for c, n in sorted(counts.items())]
        unread += incomplete_diff(record)
    if unread or (reasons and not exit_zero):
        return FAILED, reasons + unread
    return PASS, reasons


def incomplete_diff(record: dict[str, Any]) -> list[str]:
    """Incomplete-audit reasons of the newer revision of a diff."""
    codes = sorted(c for c in record["new"]["summary"]["counts"] if is_incomplete_code(c))
    return [f"{_name(record['new'])}: incomplete audit ({', '.join(codes)})"] if codes else []


def _name(record: dict[str, Any]) -> str:
    article = record["article"]
    return article["source"]["name"] if article["source"]["kind"] == "file" else article["title"]
