"""The rubric from the outside: clean > page needed > better source needed > unsourced."""

from __future__ import annotations

from pathlib import Path

import pytest
from casefiles import cases

from auditor.audit import audit_text
from auditor.config import Config
from auditor.model import SourceInfo

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = """Title line

The first claim is cleanly cited.[1]

The second claim lacks a page.[2][page needed]

The third claim needs a better source.[3][better source needed]

The fourth claim has no citation at all.

The fifth claim cites a clean source and a flagged one.[1][2]
"""


def _scores() -> list[tuple[int, bool]]:
    result = audit_text(ARTICLE, Config(), SourceInfo("file", "rubric.txt"), "text")
    return [(result.scores[c.id].score, result.scores[c.id].weak) for c in result.article.claims]


def test_rubric_orders_claims_as_the_readme_says() -> None:
    clean, page, better, none, mixed = _scores()
    assert clean == (100, False)
    assert page == (85, False)
    assert better == (65, True), "cited only to a source flagged better-source-needed: weak whatever its score"
    assert none[0] < better[0] and none[1]
    assert page[0] < mixed[0] < clean[0], "a finding about one reference costs half beside a clean one"


def test_weak_threshold_is_a_setting() -> None:
    result = audit_text(ARTICLE, Config(weak_threshold=90), SourceInfo("file", "rubric.txt"), "text")
    assert result.scores["c2"].weak and not result.scores["c1"].weak


def test_the_uncited_penalty_grows_with_need_and_need_spread_zero_flattens_it() -> None:
    result = audit_text(ARTICLE, Config(), SourceInfo("file", "rubric.txt"), "text")
    flat = audit_text(ARTICLE, Config(need_spread=0.0), SourceInfo("file", "rubric.txt"), "text")
    need = result.need["c4"]
    [scaled] = [f.weight for f in result.findings if f.code == "C101"]
    [plain] = [f.weight for f in flat.findings if f.code == "C101"]
    assert plain == 60 and scaled == round(60 * (1 + (need - 0.5)))


def test_need_settings_are_read_from_setup_cfg(tmp_path) -> None:
    from auditor.config import load_config

    path = tmp_path / "setup.cfg"
    path.write_text("[auditor]\nneed-spread = 0.5\nlead-need = 0.9\n", encoding="utf-8")
    config = load_config(path)
    assert (config.need_spread, config.lead_need) == (0.5, 0.9)


def test_reports_rank_ties_by_need() -> None:
    from auditor.scoring import worst_first

    claims = [{"score": 40, "citation_need": 0.2, "location": {"line": 1}},
              {"score": 40, "citation_need": 0.9, "location": {"line": 2}},
              {"score": 10, "citation_need": 0.1, "location": {"line": 3}}]
    assert [c["location"]["line"] for c in worst_first(claims)] == [3, 2, 1]


def test_entries_of_a_list_of_works_are_a_catalogue() -> None:
    from dataclasses import replace

    from auditor.audit import audit_article
    from auditor.model import WORK
    from auditor.parse import parse_within
    from auditor.reports.record import build_record

    text = "Title line\n\nHe wrote books.[1]\n\nThe Hitchhiker's Guide to the Galaxy (1979)\n"
    article = parse_within(text, "text", SourceInfo("file", "works.txt"), None, 5.0)
    last = article.claims[-1]
    article = replace(article, claims=(*article.claims[:-1], replace(last, kind=WORK)))
    result = audit_article(article, Config(), sources=False)
    assert not [f for f in result.findings if f.claim == last.id]
    assert result.summary.claims == len(article.claims) - 1 and last.id not in result.scores
    record = build_record(result, "2026-01-01T00:00:00+00:00", "test")
    assert [w["text"] for w in record["works"]] == [last.text]
    assert last.id not in [c["id"] for c in record["claims"]]


@pytest.mark.parametrize("case", cases("need_rules.toml"))
def test_need_rules(case: dict) -> None:
    from auditor.model import Claim, Location
    from auditor.need import NeedRules, judged_needs

    claim = Claim("c1", case["kind"], "(lead)", 1, "Text.", Location(1, 1, 0))
    held = case["challenged"]  # true (one section) or the lexicon's sections the sentence holds
    challenged = {"c1": ("label",) if held is True else tuple(held)} if held else {}
    named = frozenset({"c1"}) if case.get("named") else frozenset()
    exempt = {"c1": case["own"]} if "own" in case else None
    rules = NeedRules(case["lift"], case["caption"], case.get("name_entry", 0.5), case.get("lead_exemption", 1.0),
                      case.get("stack", 0.0), tuple(case.get("counted", ())),
                      tuple(case["weights"].items()) if "weights" in case else NeedRules().contentious_weights,
                      case.get("plot", 0.5))
    told = frozenset({"c1"}) if case.get("told") else frozenset()
    assert judged_needs([claim], {"c1": case["need"]}, challenged, rules, named, exempt, told) == {"c1": case["judged"]}


def test_a_list_entry_that_is_a_links_text_pays_the_name_entry_need_whatever_its_words() -> None:
    """"The [[2006 Thai coup d'état]]" names the event its link's article is about: the coup is the name's word, not
    the article's, so the entry is not lifted for contentious wording but pays name-entry-need of the model's need."""
    text = "Lead.<ref>A</ref>\n== Conflicts ==\nSome conflicts:\n* The [[2006 Thai coup d'état]]\n"
    result = audit_text(text, Config(), SourceInfo("file", "x.wiki"), "wikitext")
    entry = next(c for c in result.article.claims if c.kind == "list")
    from auditor.need import load_need_model

    model = round(load_need_model().need(entry.text, entry.section), 3)  # claim_needs rounds it, then the rules
    assert result.need[entry.id] == round(model * 0.5, 3) and 0.0 < model


def test_a_claim_under_a_mythology_heading_pays_the_plot_need() -> None:
    """A claim under "Mythology" (its own heading or one above it) retells what the myth's texts tell
    (WP:PLOTSOURCE): it pays plot-need of its need; a claim of the next section of that level does not."""
    from auditor.need import load_need_model

    text = ("Lead.<ref>A</ref>\n== Mythology ==\n=== Birth ===\nShe gave birth to twins on the island of Delos.\n"
            "== Cult ==\nShe gave birth to twins on the island of Delos.\n")
    for config, share in ((Config(), 0.5), (Config(plot_need=1.0), 1.0)):
        result = audit_text(text, config, SourceInfo("file", "x.wiki"), "wikitext")
        told, plain = [c for c in result.article.claims if c.section != "(lead)"]
        model = round(load_need_model().need(told.text, told.section), 3)
        assert (told.section, plain.section) == ("Birth", "Cult") and 0.0 < model
        assert result.need[told.id] == round(model * share, 3)
        assert result.need[plain.id] == round(load_need_model().need(plain.text, plain.section), 3)


def test_the_excerpts_captions_rank_under_its_prose_and_contentious_claims_over_plain_ones() -> None:
    """The bundled excerpt (no headings: the sentence-alone model): its uncited captions need a citation
    less than any of its uncited prose claims, and 'infamous double agent ... leaked' more than the plain
    account of a meeting in the village of Mukje; with the rules off, neither holds."""
    text = (ROOT / "fixtures" / "balli-kombetar-excerpt.txt").read_text(encoding="utf-8")
    for config, holds in ((Config(), True), (Config(contentious_lift=0.0, caption_need=1.0), False)):
        result = audit_text(text, config, SourceInfo("file", "balli-kombetar-excerpt.txt"))
        uncited = [c for c in result.article.claims if not c.citations]
        captions = [result.need[c.id] for c in uncited if c.kind == "caption"]
        prose = [result.need[c.id] for c in uncited if c.kind == "prose"]
        [philby] = [result.need[c.id] for c in uncited if "double agent" in c.text]
        [mukje] = [result.need[c.id] for c in uncited if "village of Mukje" in c.text]
        assert (max(captions) < min(prose) and philby > mukje) == holds


def test_a_lead_figure_keeps_its_sentences_need_and_a_list_of_names_pays_half() -> None:
    """Cattle's lead: "Cattle farming is responsible for about 7% of global greenhouse gas emissions." holds a
    figure, so the lead rule keeps it C101 and its need with the section is its sentence's own, not the lead's
    low one; toronto_star's list of notable journalists (names only) pays half its need. With the two settings
    off, neither holds."""
    from auditor.need import claim_needs

    cattle = (ROOT / "fixtures" / "wikitext" / "Cattle.wiki").read_text(encoding="utf-8")
    star = (ROOT / "fixtures" / "wikitext" / "toronto_star.wiki").read_text(encoding="utf-8")
    for config, holds in ((Config(), True), (Config(lead_exemption=0.0, name_entry_need=1.0), False)):
        result = audit_text(cattle, config, SourceInfo("file", "Cattle.wiki"))
        [claim] = [c for c in result.article.claims if c.text.startswith("Cattle farming is responsible for about 7%")]
        alone, needs, _ = claim_needs(result.article)
        assert claim.section == "(lead)" and needs[claim.id] < 0.3 < alone[claim.id]
        assert (result.need[claim.id] == alone[claim.id]) == holds
        result = audit_text(star, config, SourceInfo("file", "toronto_star.wiki"))
        [name] = [c for c in result.article.claims if c.text == "Rick Salutin"]
        assert (result.need[name.id] == round(claim_needs(result.article).needs[name.id] * 0.5, 3)) == holds
