"""The check catalogue: every code's failing and passing case, and the catalogue's own rules."""

from __future__ import annotations

import re
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.audit import audit_text
from auditor.checks import CHECKS
from auditor.config import Config
from auditor.model import SourceInfo
from casefiles import CASES, cases


def _findings(case: dict) -> tuple:
    return audit_text(case["input"], Config(), SourceInfo("file", "case"), case.get("format", "text")).findings


def _case_id(case: dict) -> str:
    return f"{case['code']}-{case['expect']}"


@pytest.mark.parametrize("case", [pytest.param(c.values[0], id=_case_id(c.values[0])) for c in cases("checks.toml")])
def test_check_case(case: dict) -> None:
    """The case's code is found or not; where the case gives ``messages``, its findings say them, in order."""
    findings = _findings(case)
    assert (case["code"] in {f.code for f in findings}) == (case["expect"] == "fail")
    if "messages" in case:
        assert [f.message for f in findings if f.code == case["code"]] == case["messages"]


def test_codes_are_unique_and_well_formed() -> None:
    codes = [c.code for c in CHECKS]
    names = [c.name for c in CHECKS]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    for check in CHECKS:
        assert re.fullmatch(r"[CFRP]\d{3}", check.code), check.code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", check.name), check.name


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.code)
def test_each_check_documents_itself(check) -> None:
    assert check.summary, f"{check.code} has no docstring"
    assert "Fails:" in check.doc and "Passes:" in check.doc
    assert re.search(r"WP:[A-Z]+", check.doc), f"{check.code} names no Wikipedia policy"


def test_each_check_has_a_failing_case() -> None:
    data = tomllib.loads((CASES / "checks.toml").read_text("utf-8"))
    failing = {c["code"] for c in data["case"] if c["expect"] == "fail"}
    # P903-P905 have their cases in tests/cases/hostile.toml; P902, the catch-all for parse problems without
    # a code of their own, is reported by no parser today.
    documented_elsewhere = {c.code for c in CHECKS if c.code >= "P902"}
    assert {c.code for c in CHECKS} - documented_elsewhere <= failing


def test_readme_lists_every_code_with_its_name_and_weight() -> None:
    readme = (CASES.parent.parent / "README.md").read_text("utf-8")
    for check in CHECKS:
        assert f"| {check.code} | {check.name} | {check.family} | {check.weight} |" in readme, check.code


def test_a_check_marked_on_flags_finds_nothing_on_a_claim_without_flags() -> None:
    """The runner skips an on_flags check for a claim with no flags: on every claim of the fixture articles,
    stripped of its flags, such a check finds nothing (a check marked so by mistake fails here)."""
    from dataclasses import replace
    from pathlib import Path

    from auditor.checks.base import Context

    marked = [c for c in CHECKS if c.on_flags]
    assert {c.code for c in marked} >= {"F201", "F206", "R318"}
    fixtures = Path(__file__).parent.parent / "fixtures" / "wikitext"
    for name in ("Douglas-Adams.wiki", "Jesus.wiki", "Pear.wiki"):
        path = fixtures / name
        article = audit_text(path.read_text("utf-8"), Config(), SourceInfo("file", name), "wikitext",
                             today="2026-01-01").article
        context = Context.of(article, "2026-01-01")
        for claim in article.claims:
            bare = replace(claim, flags=())
            for check in marked:
                assert not list(check.function(bare, context)), (check.code, claim.id)


@pytest.mark.parametrize("case", cases("name_entries.toml"))
def test_names_only(case: dict) -> None:
    from auditor.checks.claims import names_only

    assert names_only(case["text"], tuple(map(tuple, case.get("links", ())))) is case["names"]


#: C105's figure as first written: claims.figure matches what this matches (claims._FIGURE, spelt for speed).
PLAIN_FIGURE = re.compile(
    r"\d[\d,.]*\s*(?:%|(?:per ?cent|percent|million|billion|trillion)\b)|[$£€¥]\s?\d[\d,.]*|\b\d{1,3}(?:,\d{3})+\b"
    r"|\b\d{5,}\b", re.I)


def _plain_figure(text: str) -> str | None:
    found = PLAIN_FIGURE.search(text)
    return found.group() if found else None


def _fixture_texts() -> list[str]:
    from pathlib import Path

    from auditor.parse import parse_within
    from auditor.sources.files import file_page

    texts = []
    for path in sorted((Path(__file__).resolve().parents[1] / "fixtures" / "wikitext").glob("*.wiki"))[::3]:
        page = file_page(str(path))
        if "#REDIRECT" not in page.text[:100].upper():
            article = parse_within(page.text, page.input_format, page.source, None, 0, "", "en")
            texts += [claim.text for claim in article.claims]
    return texts


def test_a_figure_is_found_where_the_plain_pattern_finds_it() -> None:
    from auditor.checks.claims import figure

    edges = ["1707", "12,000 people", "1,5 per cent", ".5 percent", "x12345", "a_12,000", "5$100", "$ 5", "£5m",
             "€", "12,34", "1,234,567", "٥٠٠٠٠", "10 Million", "3 percentage", "99%", "1 2 3 4 5", "in 2011, 12%"]
    texts = _fixture_texts()
    assert len(texts) > 1000
    for text in texts + edges:
        assert figure(text) == _plain_figure(text), text


@given(st.lists(st.sampled_from(list("0123456789٥,. _x%$£€¥") + [" per cent", " percent", "million", " billion",
                                                                  "Tr", "illion"]), max_size=30).map("".join))
@settings(max_examples=3000, deadline=None)
def test_a_figure_in_any_text_is_found_where_the_plain_pattern_finds_it(text: str) -> None:
    from auditor.checks.claims import figure

    assert figure(text) == _plain_figure(text)
