"""Reference checks (R3xx), table-driven from tests/cases/references.toml, and whole real articles."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from auditor.audit import audit_text
from auditor.checks import CHECKS
from auditor.config import Config
from auditor.model import SourceInfo

ROOT = Path(__file__).resolve().parent.parent
CASES = tomllib.loads((ROOT / "tests/cases/references.toml").read_text(encoding="utf-8"))["case"]
TODAY = "2026-01-01"


def audit(text: str, input_format: str = "wikitext", name: str = "case.wiki"):
    """Audit text with the shipped reliability table on a fixed date."""
    return audit_text(text, Config(), SourceInfo("file", name), input_format, "Case", today=TODAY)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['code']}-{c['name']}" for c in CASES])
def test_case(case: dict) -> None:
    codes = {f.code for f in audit(case["text"]).findings}
    assert (case["code"] in codes) is case["expect"], sorted(codes)


def test_every_reference_code_has_a_failing_and_a_passing_case() -> None:
    covered = {(c["code"], c["expect"]) for c in CASES}
    for check in CHECKS:
        if check.code.startswith("R") and check.code != "R319":
            assert (check.code, True) in covered and (check.code, False) in covered, check.code
            assert "Fails:" in check.doc and "Passes:" in check.doc, check.code


def _fixture(name: str):
    path = ROOT / "fixtures" / name
    return audit(path.read_text(encoding="utf-8"), "auto", path.name)


def test_al_haytham_every_short_citation_resolves_or_is_reported() -> None:
    result = _fixture("wikitext/al_Haytham.wiki")
    shorts = [r for r in result.article.references if r.kind == "short"]
    assert len(shorts) >= 110
    assert all(r.resolved in ("yes", "no", "text") for r in shorts)
    broken = {r.key for r in shorts if r.resolved == "no"}
    reported = {f.reference for f in result.findings if f.code == "R316"}
    assert broken == reported
    resolved = [r for r in shorts if r.resolved == "yes"]
    assert len(resolved) >= 100 and all(r.field("title") for r in resolved)


def test_plurality_rp_pins_page_needed_and_unreliable_medical_source() -> None:
    result = _fixture("wikitext/Plurality.wiki")
    pinned = [c for claim in result.article.claims for c in claim.citations if c.page]
    assert pinned
    codes = [f.code for f in result.findings]
    assert "F204" in codes  # {{Page needed}}
    poor = [f for f in result.findings if f.code == "F203"]
    assert poor and all(f.reference for f in poor)  # {{Unreliable medical source}} marks its reference
    assert "R310" in codes


def test_toronto_star_better_source_and_citation_needed() -> None:
    codes = [f.code for f in _fixture("wikitext/toronto_star.wiki").findings]
    assert codes.count("F201") == 5 and "F203" in codes


def test_douglas_adams_copy_links_markers_to_its_reference_list() -> None:
    result = _fixture("rendered/Douglas-Adams.txt")
    refs = {r.label: r for r in result.article.references}
    assert refs["1"].content.startswith('"The Radio Academy Hall of Fame"')
    assert refs["4"].field("page") == "32" and refs["4"].resolved == "yes"
    assert refs["4"].field("type") == "book"  # borrowed from "Webb, Nick (2005a). ... ISBN"
    assert any(f.code == "R319" for f in result.findings)


def test_douglas_adams_wikitext_resolves_plain_text_short_citations() -> None:
    result = _fixture("wikitext/Douglas-Adams.wiki")
    webb = [r for r in result.article.references if r.content.startswith("Webb 2005a")]
    assert webb and all(r.field("type") == "book" for r in webb)


def test_pear_dump_page_references() -> None:
    result = _fixture("wikitext/Pear.wiki")
    kinds = {r.kind for r in result.article.references}
    assert "template" in kinds and len(result.article.references) >= 25


def test_scoring_only_deprecated_sources_make_a_claim_weak() -> None:
    result = audit("He won the race.<ref>{{cite news |url=https://www.dailymail.co.uk/x |title=X |date=2010}}</ref>")
    assert all(s.weak for s in result.scores.values())


def test_scoring_reliable_source_with_page_is_strong_and_capped() -> None:
    result = audit("He won.<ref>{{cite news |url=https://apnews.com/x |title=X |date=2010 |work=AP}}</ref>")
    assert [s.score for s in result.scores.values()] == [100]
    mixed = audit("He won.<ref>{{cite news |url=https://apnews.com/x |title=X |date=2010 |work=AP}}</ref>"
                  "<ref>{{cite news |url=https://www.dailymail.co.uk/x |title=X |date=2010}}</ref>")
    assert not any(s.weak for s in mixed.scores.values())


@pytest.mark.parametrize("name", ["wikitext/al_Haytham.wiki", "html/Douglas-Adams.html", "rendered/Douglas-Adams.txt"])
def test_parser_state_is_typed_not_a_field(name: str) -> None:
    """What the parser concluded (a short citation's link, an archived copy) is no citation field of the source."""
    references = _fixture(name).article.references
    assert not [(r.key, k) for r in references for k, _ in r.fields if k in ("resolved", "target", "archived")]
    assert any(r.resolved for r in references) or any(r.archived for r in references)


def test_citation_fields_take_the_first_alias_that_holds_a_value() -> None:
    """citefields.normalise gives each field the value of its first alias (in ALIASES order) that is not
    blank, whatever order the template's parameters come in: compared with a walk of ALIASES, alias by alias."""
    import random

    from auditor.parse.citefields import ALIASES, normalise

    names = [name for aliases in ALIASES.values() for name in aliases] + ["last", "first", "foo"]
    draw = random.Random(16)
    for _ in range(2000):
        params = {draw.choice(names): draw.choice(["", " ", " x ", "y", "2001"]) for _ in range(draw.randrange(12))}
        expected = {}
        for field_name, aliases in ALIASES.items():
            value = next((params[a].strip() for a in aliases if params.get(a, "").strip()), None)
            if value is not None:
                expected[field_name] = value
        got = normalise(params, "cite web")
        assert {k: v for k, v in got.items() if k in ALIASES} == expected
        assert list(got)[:len(expected)] == list(expected)  # in ALIASES order, as before
