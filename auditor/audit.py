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
from typing import TYPE_CHECKING, Literal

from auditor.checks import CHECKS, run_checks, uncited_penalties
from auditor.checks.base import Context
from auditor.checks.claims import leadcite_exception, names_only
from auditor.config import Config
from auditor.model import LEAD, LIST, Article, DomainInfo, Finding, Location, SourceInfo, Tier
from auditor.need import NeedRules, claim_needs, english, judged_needs, told_by_the_work
from auditor.parse import parse_within
from auditor.scoring import ClaimScore, Summary, score_claims, summarise
from auditor.spans import claim_ends, line_ends
from auditor.suppressions import Suppressed, apply_suppressions

if TYPE_CHECKING:
    from auditor.model import SourceTable


@dataclass(frozen=True)
class AuditResult:
    """An audited article: the model, its findings, the scores and the totals."""

    article: Article
    findings: tuple[Finding, ...]
    scores: dict[str, ClaimScore]
    summary: Summary
    domains: dict[str, DomainInfo] = field(default_factory=dict)  # by reference key
    suppressed: tuple[Suppressed, ...] = ()  # findings silenced by an `auditor: ignore` comment
    ends: dict[str, Location] = field(default_factory=dict)  # where each claim ends, by claim id
    line_ends: dict[int, Location] = field(default_factory=dict)  # end of the line of each article finding
    need: dict[str, float] = field(default_factory=dict)  # citation need (0-1) by claim id


@lru_cache(maxsize=4)
def load_sources(source_lists: tuple[str, ...] = ()) -> SourceTable:
    """The reliability table with the configured source lists, read once per process."""
    from auditor.reliability import load_reliability

    return load_reliability([Path(p) for p in source_lists])


def audit_article(article: Article, config: Config, today: str = "",
                  sources: SourceTable | Literal[False] | None = None,
                  text: str | None = None) -> AuditResult:
    """Check and score a parsed article.

    ``sources`` is a reliability table (auditor.reliability); None means the shipped one with the
    config's source lists (load_sources). Pass False to audit without source reliability. With the
    article's ``text``, `auditor: ignore` comments silence findings and the result knows where claims end.
    """
    if sources is None:
        sources = load_sources(tuple(config.source_lists))
    weights = {check.code: config.weight_of(check.code, check.weight) for check in CHECKS}
    sentence_need, need = judged(article, config)
    context = Context.of(article, today, sources or None, need, sentence_need, config.lead_need)
    findings, suppressed = run_checks(article, context, weights, config.codes, config.need_spread), ()
    if text is not None:
        findings, suppressed = apply_suppressions(text, article.claims, findings)
    reliable = frozenset(k for k, info in context.domains.items() if info.tier == Tier.GENERALLY_RELIABLE)
    uncited = uncited_penalties(article, context, weights, config.codes, config.need_spread,
                                frozenset(f.claim for f in findings if f.claim is not None))
    scores = score_claims(article, findings, config.weak_threshold, reliable, uncited)
    ends, lines = {}, {}
    if text is not None:
        ends = claim_ends(text, article.claims)
        lines = line_ends(text, {f.location.offset if f.location else 0 for f in findings if f.claim is None})
    return AuditResult(article, findings, scores, summarise(article, findings, scores), context.domains,
                       suppressed, ends, lines, need)


def judged(article: Article, config: Config) -> tuple[dict[str, float], dict[str, float]]:
    """Each claim's citation need by id, from its sentence alone and with its section, as the rules judge
    the model's (auditor.need.judged_needs: contentious wording, captions, list entries that only name their
    item, claims under a heading of what the work itself tells (told_by_the_work), in English articles, and the
    lead's exceptions, whose need with the section takes back the lead's
    discount from their sentence's own)."""
    alone, needs, challenged = claim_needs(article)
    rules = NeedRules(**{name: getattr(config, name) for name in NeedRules._fields})  # the settings of that name
    is_english = english(article.lang)
    named = frozenset(c.id for c in article.claims if c.kind == LIST and names_only(c.text, c.links)) \
        if is_english else frozenset()
    told = told_by_the_work(article) if is_english else frozenset()
    sentence = judged_needs(article.claims, alone, challenged, rules, named, told=told)
    exempt = {c.id: sentence[c.id] for c in article.claims if c.section == LEAD and leadcite_exception(c)}
    return sentence, judged_needs(article.claims, needs, challenged, rules, named, exempt, told)


def language_of(config: Config, source: SourceInfo) -> str:
    """The language an article is read in: --lang (or the config file's lang), else the source's, else English."""
    return config.lang or source.lang or "en"


def audit_text(text: str, config: Config, source: SourceInfo, input_format: str = "auto",
               title: str | None = None, today: str = "",
               sources: SourceTable | Literal[False] | None = None) -> AuditResult:
    """Parse (within the configured time budget), check and score one article's text (sources: see audit_article).

    The cyclic garbage collector is paused meanwhile (see gc_paused).
    """
    with gc_paused():
        article = parse_within(text, input_format, source, title, config.time_budget, today,
                               language_of(config, source))
        return audit_article(article, config, today, sources, text)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the work of one article.

    A parse tree is hundreds of thousands of objects that full collections would walk again and again
    (15-20% of an audit's time, measured); reference counting frees it all once the work is done: an audit
    leaves no cyclic garbage. Around the articles, the collector follows the kind of process:
    - the quick path (launch.py) is one command ending in os._exit, so it disables the collector for the
      whole process: start-up's collections would cost 6 M of 301 M instructions on a 5-line article, and
      what is left to collect does not grow with the files audited (start-up's and the config parser's);
    - a batch worker lives as long as its input, running code beyond the audit (connections, threads), so
      its collector stays on between pages, and the forkserver freezes start-up's objects out of its reach
      (batch/preload.py); freezing instead of disabling on the quick path measured as not disabling at all;
    - any other caller (the click path, a library) keeps its collector as it was, around each article.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
