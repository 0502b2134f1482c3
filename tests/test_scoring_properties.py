"""The rubric's invariants, as properties over generated articles (hypothesis).

- adding a citation to a claim with none of its own never gives it a lower score than it had;
- a reference's domain gets one reliability verdict, the heaviest of its categories, not their sum;
- a claim's score never rises when a finding's weight does.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.audit import audit_text
from auditor.checks import BY_CODE, CHECKS
from auditor.config import Config
from auditor.model import SourceInfo

SENTENCES = (
    "Adams was born in Cambridge in 1952",
    "The books sold more than 15 million copies worldwide",
    'Critics called it "the finest comic novel of the decade by far"',
    "He was widely regarded as the greatest writer of his generation",
    "The band released the single \"Here Comes the Night\" in 1965",
    "She moved to London, where she worked as a nurse",
    "The army numbered 40,000 men at its height",
)
REFERENCES = (
    "<ref>{{cite book |last=Webb |first=Nick |title=Wish You Were Here |publisher=Headline |year=2005 |page=32}}</ref>",
    "<ref>{{cite book |last=Webb |first=Nick |title=Wish You Were Here |publisher=Headline |year=2005}}</ref>",
    "<ref>[https://www.imdb.com/title/tt0371724/ IMDb]</ref>",
    "<ref>[https://someone.blogspot.com/2010/01/post.html Post]</ref>",
    "<ref>{{cite web |url=https://www.dailymail.co.uk/x |title=X |date=2010}}</ref>",
    "<ref>{{cite web |url=https://www.infowars.com/x |title=X}}</ref>",
    "<ref>[https://en.wikipedia.org/wiki/Pear Pear]</ref>",
    "<ref>https://example.org/page</ref>",
    "<ref>{{cite web |url=https://www.bbc.co.uk/news/x |title=X |date=2011 |work=BBC}} {{dead link}}</ref>",
)
AFTER_CITATION = ("", "{{page needed}}", "{{better source needed}}", "{{failed verification}}")
#: URLs of domains with more than one category (a tier and a type, or several types).
MIXED_DOMAINS = (
    "https://www.imdb.com/title/tt0371724/", "https://someone.blogspot.com/2010/01/post.html",
    "https://www.prnewswire.com/news-releases/x.html", "https://twitter.com/someone/status/1",
    "https://www.dailymail.co.uk/news/x", "https://en.wikipedia.org/wiki/Pear", "https://www.reddit.com/r/x",
)
VERDICTS = tuple(c.code for c in CHECKS if c.verdict)
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _audit(text: str, config: Config = Config()):
    return audit_text(text, config, SourceInfo("file", "case.wiki"), "wikitext", "Case", today="2026-01-01")


@st.composite
def articles(draw):
    """(the claims' wikitext, whether each is cited, how many are in the lead): a lead and a body section."""
    lead = draw(st.integers(1, 3))
    sentences = draw(st.lists(st.sampled_from(SENTENCES), min_size=lead, max_size=lead + 4))
    cited = [draw(st.booleans()) for _ in sentences]
    parts = []
    for sentence, has in zip(sentences, cited):
        ref = draw(st.sampled_from(REFERENCES)) + draw(st.sampled_from(AFTER_CITATION)) if has else ""
        parts.append(f"{sentence}.{ref} ")
    return parts, cited, lead


def _text(parts: list[str], lead: int) -> str:
    return "".join(parts[:lead]) + ("\n\n== Career ==\n" + "".join(parts[lead:]) if parts[lead:] else "")


@QUICK
@given(articles(), st.data())
def test_adding_a_citation_never_lowers_the_claim(article, data) -> None:
    parts, cited, lead = article
    uncited = [n for n, has in enumerate(cited) if not has]
    if not uncited:
        return
    n = data.draw(st.sampled_from(uncited))
    ref = data.draw(st.sampled_from(REFERENCES)) + data.draw(st.sampled_from(AFTER_CITATION))
    inside = data.draw(st.booleans())  # mid-sentence: the claim's end stays unsourced (C102)
    sentence = parts[n].rstrip(". ")
    if inside and " " in sentence:
        head, tail = sentence.split(" ", 1)
        changed = f"{head}{ref} {tail}. "
    else:
        changed = f"{sentence}.{ref} "
    before = _audit(_text(parts, lead))
    after = _audit(_text([*parts[:n], changed, *parts[n + 1:]], lead))
    assert len(before.article.claims) == len(after.article.claims) == len(parts)
    old, new = before.article.claims[n], after.article.claims[n]
    assert not old.citations and new.citations
    assert after.scores[new.id].score >= before.scores[old.id].score, (new.text, before.findings, after.findings)


@QUICK
@given(st.sampled_from(MIXED_DOMAINS), st.dictionaries(st.sampled_from(VERDICTS), st.integers(0, 80)))
def test_one_domain_gets_one_verdict(url: str, weights: dict[str, int]) -> None:
    config = Config(weights=tuple(sorted(weights.items())))
    result = _audit(f"He starred in it.<ref>[{url} Page]</ref>\n", config)
    verdicts = [f for f in result.findings if f.code in VERDICTS]
    assert verdicts, url
    heaviest = max(config.weight_of(f.code, BY_CODE[f.code].weight) for f in verdicts)
    assert sum(f.weight for f in verdicts) == heaviest
    assert sum(1 for f in verdicts if f.weight) <= 1


@QUICK
@given(articles(), st.sampled_from([c.code for c in CHECKS if c.scope != "article"]), st.integers(1, 60))
def test_score_falls_with_each_weight(article, code: str, more: int) -> None:
    text = _text(article[0], article[2])
    base = _audit(text)
    weight = BY_CODE[code].weight
    heavier = _audit(text, Config(weights=((code, weight + more),)))
    for claim in base.article.claims:
        assert heavier.scores[claim.id].score <= base.scores[claim.id].score, (code, claim.text)


def test_a_configured_weight_is_what_its_finding_costs() -> None:
    """The property above holds even if configured weights were ignored (a score equals itself); this cannot:
    a heavier F204 costs the claim that has it exactly the added weight."""
    text = "The bridge was opened in 1910 by the mayor.<ref>Smith, ''Towns''.</ref>{{page needed|date=May 2020}}\n"
    base, heavier = _audit(text), _audit(text, Config(weights=(("F204", BY_CODE["F204"].weight + 20),)))
    (claim,) = base.article.claims
    assert "F204" in {f.code for f in base.findings if f.claim == claim.id}
    assert heavier.scores[claim.id].score == base.scores[claim.id].score - 20
