"""Tests for the flag table: aliases, rendered texts and the shape of the shipped data."""

from __future__ import annotations

import json
import tomllib
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from auditor.parse.flagnames import (
    PREFIX_MARK,
    fold_rendered,
    fold_template_name,
    load_flag_table,
)
from auditor.parse.languages import known_languages

CASES = tomllib.loads(
    (Path(__file__).parent / "cases" / "flag_aliases.toml").read_text("utf-8")
)
LOCAL = tomllib.loads((Path(__file__).parent / "cases" / "local_flags.toml").read_text("utf-8"))
#: The ten largest Wikipedias (issue 17): each must have a table, even an empty one (de: no inline templates).
WIKIS = {"en", "fr", "de", "es", "it", "pt", "ru", "ja", "zh", "pl"}
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


def _wikis() -> dict[str, list[dict]]:
    raw = resources.files("auditor").joinpath("data/flags.json").read_text("utf-8")
    return json.loads(raw)["wikis"]


def _case_id(case: dict) -> str:
    return (case["wiki"] + ":" if "wiki" in case else "") + repr(case.get("written", case.get("text")))


@pytest.mark.parametrize("case", LOCAL["template"], ids=_case_id)
def test_local_template_resolves_on_its_wiki(case: dict) -> None:
    kind = load_flag_table(case["wiki"]).by_template(case["written"])
    assert kind is not None, f"{case['written']!r} is not known as a flag on {case['wiki']}"
    assert (kind.name, kind.family) == (case["expected"], case["family"])


@pytest.mark.parametrize("case", LOCAL["rendered"], ids=_case_id)
def test_local_rendered_text_resolves_on_its_wiki(case: dict) -> None:
    kind = load_flag_table(case["wiki"]).by_rendered(case["text"])
    assert kind is not None, f"[{case['text']}] is not known as a flag on {case['wiki']}"
    assert kind.name == case["expected"]


@pytest.mark.parametrize("case", LOCAL["not_a_flag"], ids=_case_id)
def test_other_wikis_templates_are_not_flags(case: dict) -> None:
    assert load_flag_table(case["wiki"]).by_template(case["written"]) is None


@pytest.mark.parametrize("case", LOCAL["not_a_flag_rendered"], ids=_case_id)
def test_other_wikis_bracket_texts_are_not_flags(case: dict) -> None:
    assert load_flag_table(case["wiki"]).by_rendered(case["text"]) is None


def test_the_ten_largest_wikis_have_tables_and_rules() -> None:
    assert WIKIS <= set(_wikis()) | {"en"} and WIKIS <= set(known_languages())


def test_local_entries_name_a_canonical_flag_and_only_known_keys() -> None:
    canonical = {flag["name"] for flag in _raw_flags()}
    for wiki, entries in _wikis().items():
        for entry in entries:
            assert entry["flag"] in canonical, (wiki, entry["template"])
            assert set(entry) <= {"template", "flag", "aliases", "rendered", "text"}, (wiki, entry["template"])


def test_no_local_name_maps_to_two_flags_on_one_wiki() -> None:
    for wiki, entries in _wikis().items():
        owners: dict[str, set[str]] = defaultdict(set)
        for entry in entries:
            for written in (entry["template"], *entry["aliases"]):
                owners[fold_template_name(written)].add(entry["flag"])
            for shown in entry["rendered"]:
                owners["[" + fold_rendered(shown.rstrip(PREFIX_MARK)) + "]"].add(entry["flag"])
        assert {name: flags for name, flags in owners.items() if len(flags) > 1} == {}, wiki


def test_every_local_name_and_rendered_form_has_a_case() -> None:
    covered = {(c["wiki"], fold_template_name(c["written"])) for c in LOCAL["template"]}
    shown = {(c["wiki"], fold_rendered(c["text"])) for c in LOCAL["rendered"]}
    for wiki, entries in _wikis().items():
        for entry in entries:
            for written in (entry["template"], *entry["aliases"]):
                assert (wiki, fold_template_name(written)) in covered, (wiki, written)
            for text in entry["rendered"]:
                if text.endswith(PREFIX_MARK):
                    assert any(w == wiki and t.startswith(fold_rendered(text[:-1])) for w, t in shown), (wiki, text)
                else:
                    assert (wiki, fold_rendered(text)) in shown, (wiki, text)


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
