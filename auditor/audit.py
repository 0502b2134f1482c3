"""The audit of one article: a pure function of its text and the configuration.

source text -> parse -> model -> checks -> scoring. Reports are built from the
result elsewhere, so this can run in worker processes and on a cluster.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

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
    domains: dict[str, object] = field(default_factory=dict)  # DomainInfo by reference key


@lru_cache(maxsize=4)
def load_sources(source_lists: tuple[str, ...] = ()):
    """The reliability table with the configured source lists, read once per process."""
    from auditor.reliability import load_reliability

    return load_reliability([Path(p) for p in source_lists])


def audit_article(article: Article, config: Config, today: str = "", sources: object = None) -> AuditResult:
    """Check and score a parsed article.

    ``sources`` is a reliability table (auditor.reliability); None means the shipped one with the
    config's source lists (load_sources). Pass False to audit without source reliability.
    """
    if sources is None:
        sources = load_sources(tuple(config.source_lists))
    weights = {check.code: config.weight_of(check.code, check.weight) for check in CHECKS}
    context = Context.of(article, today, sources or None)
    findings = run_checks(article, context, weights, config.codes)
    reliable = frozenset(k for k, info in context.domains.items() if getattr(info, "tier", None) == "generally-reliable")
    scores = score_claims(article, findings, config.weak_threshold, reliable)
    return AuditResult(article, findings, scores, summarise(article, findings, scores), context.domains)


def audit_text(text: str, config: Config, source: SourceInfo, input_format: str = "auto",
               title: str | None = None, today: str = "", sources: object = None) -> AuditResult:
    """Parse (within the configured time budget), check and score one article's text (sources: see audit_article).

    The cyclic garbage collector is paused meanwhile (see gc_paused).
    """
    with gc_paused():
        article = parse_within(text, input_format, source, title, config.time_budget)
        return audit_article(article, config, today, sources)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the work of one article.

    A parse tree is hundreds of thousands of objects that full collections would walk again and again
    (15-20% of an audit's time, measured); reference counting frees it all once the work is done.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
