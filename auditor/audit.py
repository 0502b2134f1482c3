"""The audit of one article: a pure function of its text and the configuration.

source text -> parse -> model -> checks -> scoring. Reports are built from the
result elsewhere, so this can run in worker processes and on a cluster.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.checks import CHECKS, run_checks
from auditor.checks.base import Context
from auditor.config import Config
from auditor.model import Article, Finding, SourceInfo
from auditor.parse import parse_within
from auditor.scoring import ClaimScore, Summary, score_claims, summarise


@dataclass(frozen=True)
class AuditResult:
    """An audited article: the model, its findings, the scores and the totals."""

    article: Article
    findings: tuple[Finding, ...]
    scores: dict[str, ClaimScore]
    summary: Summary


def audit_article(article: Article, config: Config, today: str = "") -> AuditResult:
    """Check and score a parsed article."""
    weights = {check.code: config.weight_of(check.code, check.weight) for check in CHECKS}
    findings = run_checks(article, Context.of(article, today), weights)
    scores = score_claims(article, findings, config.weak_threshold)
    return AuditResult(article, findings, scores, summarise(article, findings, scores))


def audit_text(text: str, config: Config, source: SourceInfo, input_format: str = "auto",
               title: str | None = None, today: str = "") -> AuditResult:
    """Parse (within the configured time budget), check and score one article's text."""
    article = parse_within(text, input_format, source, title, config.time_budget)
    return audit_article(article, config, today)
