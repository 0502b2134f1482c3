"""Tests for the inline-template renderers (auditor/parse/inline) and their use in the wikitext reader."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from casefiles import cases
from auditor.model import SourceInfo
from auditor.parse import parse_article
from auditor.parse.flagnames import fold_template_name, load_flag_table
from auditor.parse.inline import NOT_TEXT, Rendering, load_inline_table, render_inline
from auditor.parse.wikitext.build import parse
from auditor.parse.wikitext.nodes import plain_arguments
from mwparserfromhell.nodes import Template

TODAY = "2026-12-01"
SOURCE = SourceInfo("file", "inline.wiki")


@pytest.mark.parametrize("case", cases("inline_templates.toml"))
def test_inline_template_renders_as_the_reader_sees_it(case: dict) -> None:
    if "wikitext" in case:  # one call as an article writes it, its arguments read as the wikitext reader reads them
        result = _rendered_call(case["wikitext"], case.get("today", TODAY), case.get("lang", "en"))
    else:
        result = render_inline(fold_template_name(case["template"]), case["positional"], case.get("named", {}),
                               case.get("today", TODAY), load_inline_table(case.get("lang", "en")))
    if case.get("unknown"):
        assert result is None
        return
    assert result is not None, f"{case['template']!r} is not known"
    expected = case["expected"]
    if expected == "<not text>":
        assert result == NOT_TEXT
    elif expected.startswith("<unrendered:"):
        assert (result.text, result.rendered) == (expected[len("<unrendered:"):-1], False)
    else:
        assert (result.text, result.rendered) == (expected, True)


def _rendered_call(wikitext: str, today: str, lang: str) -> Rendering | None:
    """What the wikitext reader renders of one template call (its arguments' links by their text, templates
    inside them rendered in turn)."""
    table = load_inline_table(lang)

    def rendered(node: Template) -> Rendering | None:
        positional, named = plain_arguments(node, lambda inner: (rendered(inner) or NOT_TEXT).text)
        return render_inline(fold_template_name(str(node.name)), positional, named, today, table)

    (node,) = parse(wikitext).nodes
    return rendered(node)


def test_every_kind_of_the_table_has_a_renderer_and_a_case() -> None:
    from auditor.parse.inline import RENDERERS

    raw = json.loads(resources.files("auditor").joinpath("data/inline_templates.json").read_text("utf-8"))
    local = [entry for wiki in raw["wikis"].values() for entry in wiki.get("templates", ())]
    kinds = {entry["kind"] for entry in (*raw["templates"], *local)} | {"lang-xx", "ipa-xx"}
    assert kinds <= set(RENDERERS)
    covered = {load_inline_table(c.values[0].get("lang", "en")).lookup(fold_template_name(c.values[0]["template"]))[0]
               for c in cases("inline_templates.toml") if not c.values[0].get("unknown") and "template" in c.values[0]}
    assert kinds - covered == set()


def test_no_inline_template_is_also_a_flag() -> None:
    flags = load_flag_table()
    assert [name for name in load_inline_table().entries if flags.by_template(name)] == []


def test_every_default_output_unit_is_in_the_table() -> None:
    units = load_inline_table().units
    for unit in units.units.values():
        for code in unit.default.replace("!", " ").split():
            assert units.unit(code) or code in units.multiples or code in ("v", ">", "<", "0", "3", "and"), code


def _claims(text: str) -> list[str]:
    return [c.text for c in parse_article(text, "wikitext", SOURCE, today=TODAY).claims]


def test_as_of_starts_the_claim() -> None:
    claims = _claims("{{As of|2012|5}}, the museum held 300 paintings.<ref>A.</ref>\n")
    assert claims == ["As of May 2012, the museum held 300 paintings."]


def test_convert_and_nested_templates_are_read_inside_a_sentence() -> None:
    text = ("The road is {{convert|5|km}} long. He died on {{nowrap|{{death date and age|2001|5|11|1952|3|11|df=y}}}} "
            "at home.<ref>A.</ref>\n")
    assert _claims(text) == ["The road is 5 kilometres (3.1 mi) long.", "He died on 11 May 2001 (aged 49) at home."]


def test_the_article_counts_inline_templates_and_those_rendered() -> None:
    text = "In {{circa|1200}} a {{frobnicate|x}} tower of {{convert|5|zorkmid}} stood {{anchor|here}}there.\n"
    article = parse_article(text, "wikitext", SOURCE, today=TODAY)
    assert (article.inline_templates, article.rendered_templates) == (4, 2)
    assert article.claims[0].text == "In c. 1200 a tower of 5 zorkmid stood there."


def test_citations_and_flags_inside_an_inline_template_stay_with_the_claim() -> None:
    text = ("He was born {{nowrap|in 1952<ref>A.</ref>}}. He lived {{nowrap|{{circa|1990}} in Paris{{cn|date=May 2020}}}}."
            " He left.<ref>B.</ref>\n")
    claims = parse_article(text, "wikitext", SOURCE, today=TODAY).claims
    assert [(c.text, tuple(x.label for x in c.citations), [f.name for f in c.flags]) for c in claims] == [
        ("He was born in 1952.", ("1",), []),
        ("He lived c. 1990 in Paris.", (), ["citation needed"]),
        ("He left.", ("2",), []),
    ]
