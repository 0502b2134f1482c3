"""Tests for the flag table: aliases, rendered texts and the shape of the shipped data."""

from __future__ import annotations

import json
import tomllib
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from auditor.parse.flagnames import (
    fold_rendered,
    fold_template_name,
    load_flag_table,
)

CASES = tomllib.loads(
    (Path(__file__).parent / "cases" / "flag_aliases.toml").read_text("utf-8")
)
FAMILIES = {"unsourced", "verification", "source-quality", "incomplete", "link-rot", "wording"}
# Names other parts of the auditor already rely on; renaming them breaks checks.
PINNED_NAMES = {
    "citation needed",
    "page needed",
    "better source needed",
    "dubious",
    "according to whom",
    "dead link",
}


def _raw_flags() -> list[dict]:
    raw = resources.files("auditor").joinpath("data/flags.json").read_text("utf-8")
    return json.loads(raw)["flags"]


def _case_id(case: dict) -> str:
    return repr(case.get("written", case.get("text")))


@pytest.mark.parametrize("case", CASES["template"], ids=_case_id)
def test_template_name_resolves(case: dict) -> None:
    kind = load_flag_table().by_template(case["written"])
    assert kind is not None, f"{case['written']!r} is not known as a flag"
    assert kind.name == case["expected"]


@pytest.mark.parametrize("case", CASES["rendered"], ids=_case_id)
def test_rendered_text_resolves(case: dict) -> None:
    kind = load_flag_table().by_rendered(case["text"])
    assert kind is not None, f"[{case['text']}] is not known as a flag"
    assert kind.name == case["expected"]


@pytest.mark.parametrize("case", CASES["not_a_flag"], ids=_case_id)
def test_other_templates_are_not_flags(case: dict) -> None:
    assert load_flag_table().by_template(case["written"]) is None


@pytest.mark.parametrize("case", CASES["not_a_flag_rendered"], ids=_case_id)
def test_other_bracket_texts_are_not_flags(case: dict) -> None:
    assert load_flag_table().by_rendered(case["text"]) is None


def test_no_template_name_maps_to_two_flags() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for flag in _raw_flags():
        for written in (flag["name"], *flag.get("aliases", ())):
            owners[fold_template_name(written)].add(flag["name"])
    clashes = {name: flags for name, flags in owners.items() if len(flags) > 1}
    assert clashes == {}


def test_no_rendered_text_maps_to_two_flags() -> None:
    # The name counts as a rendered form too (FlagTable registers it), so a span
    # template must not list the bracket text its plain sibling already owns.
    owners: dict[str, set[str]] = defaultdict(set)
    for flag in _raw_flags():
        for shown in flag.get("rendered", ()):
            owners[fold_rendered(shown)].add(flag["name"])
    for flag in _raw_flags():
        owners[fold_rendered(flag["name"])].add(flag["name"])
    clashes = {text: flags for text, flags in owners.items() if len(flags) > 1}
    assert clashes == {}


def test_every_family_is_one_of_the_six() -> None:
    assert {flag["family"] for flag in _raw_flags()} <= FAMILIES


def test_each_family_has_a_flag() -> None:
    assert {flag["family"] for flag in _raw_flags()} == FAMILIES


def test_names_are_canonical_and_unique() -> None:
    names = [flag["name"] for flag in _raw_flags()]
    assert len(names) == len(set(names))
    assert all(name == fold_template_name(name) for name in names)


def test_pinned_names_still_exist() -> None:
    assert PINNED_NAMES <= {flag["name"] for flag in _raw_flags()}


def test_entries_have_only_known_keys() -> None:
    for flag in _raw_flags():
        assert set(flag) <= {"name", "family", "aliases", "rendered"}, flag["name"]


def test_every_listed_name_and_alias_has_a_case() -> None:
    """The case file must cover every template name the data file lists.

    This guards the other direction: an alias added to the data without a case
    is untested, so adding one means writing its case by hand.
    """
    covered = {fold_template_name(case["written"]) for case in CASES["template"]}
    listed = {
        fold_template_name(written)
        for flag in _raw_flags()
        for written in (flag["name"], *flag.get("aliases", ()))
    }
    assert listed - covered == set()


@pytest.mark.parametrize("text, fmt, shown", [
    ("He won the cup.{{which}} He lost.", "wikitext", "[which?]"),
    ("He won the cup.{{cn|date=May 2020}} He lost.", "wikitext", "[citation needed]"),
    ("He won the cup.{{citation needed span|text=x}} He lost.", "wikitext", "[citation needed span]"),
    ("He won the cup.[page\u00a0needed] He lost.\n", "text", "[page needed]"),
])
def test_a_flag_carries_the_words_the_page_shows(text: str, fmt: str, shown: str) -> None:
    """Reports draw a flag as the page does ({{cn}} as [citation needed]), never as its shorthand."""
    from auditor.model import SourceInfo
    from auditor.parse import parse_article

    article = parse_article(text, fmt, SourceInfo("file", "t"))
    [flag] = [f for claim in article.claims for f in claim.flags]
    assert flag.words == shown
