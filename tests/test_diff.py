"""The claim diff: pairing as data, then a whole article's two revisions through the CLI."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.diff import moved, pair_claims
from revision_edits import edited

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
TEXT = (ROOT / "fixtures" / "wikitext" / "Douglas-Adams.wiki").read_text(encoding="utf-8")


def claims(rows: list[list[str]]) -> list[dict]:
    return [{"section": section, "text": text} for section, text in rows]


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in
                                  tomllib.loads((CASES / "diff_pairs.toml").read_text("utf-8"))["case"]])
def test_pairing(case):
    pairs = pair_claims(claims(case["old"]), claims(case["new"]))
    assert [[i, j] for i, j, _ in pairs] == case["pairs"]
    assert sorted(moved(pairs)) == case["moved"]


@pytest.fixture
def revisions(tmp_path) -> tuple[str, str]:
    old, new = tmp_path / "Douglas-Adams-old.wiki", tmp_path / "Douglas-Adams-new.wiki"
    old.write_text(TEXT, encoding="utf-8")
    new.write_text(edited(TEXT), encoding="utf-8")
    return str(old), str(new)


def diff(*args: str):
    return CliRunner().invoke(cli, ["diff", *args], env={"GITHUB_ACTIONS": ""})


def test_diff_of_two_revisions_finds_each_edit(revisions):
    result = diff(*revisions, "--format", "json")
    assert result.exit_code == 1
    record = json.loads(result.stdout)
    assert record["counts"] == {"new-weak": 1, "weaker": 2, "citation-removed": 1, "flag-added": 1,
                                "flag-resolved": 0, "better": 0}
    assert record["pairing"]["added"] == 1 and record["pairing"]["removed"] == 0
    assert record["pairing"]["edited"] == 1 and record["pairing"]["moved"] == 1  # the quoted saying is one sentence
    by_category = {}
    for change in record["changes"]:
        by_category.setdefault(change["category"], []).append(change["claim"]["text"])
    assert by_category["new-weak"] == ["He later called the job the most frightening of his career."]
    assert by_category["citation-removed"][0].startswith("His parents divorced in 1957")
    assert by_category["flag-added"] == ["Pink Floyd and Procol Harum had important influence on Adams's work."]
    assert sorted(by_category["weaker"]) == sorted(by_category["citation-removed"] + by_category["flag-added"])


def test_reverse_diff_reports_the_good_news_and_passes(revisions):
    old, new = revisions
    result = diff(new, old, "--format", "json")
    assert result.exit_code == 0
    counts = json.loads(result.stdout)["counts"]
    assert counts["better"] == 2 and counts["flag-resolved"] == 1 and counts["new-weak"] == 0


@pytest.mark.parametrize("fail_on, exit_code", [
    ("new-weak,weaker", 1), ("citation-removed", 1), ("flag-added", 1), ("flag-resolved", 0), ("better", 0),
])
def test_fail_on_diff_chooses_what_fails(revisions, fail_on, exit_code):
    assert diff(*revisions, "--fail-on-diff", fail_on).exit_code == exit_code


def test_exit_zero_and_unknown_category(revisions):
    assert diff(*revisions, "--exit-zero").exit_code == 0
    result = diff(*revisions, "--fail-on-diff", "worse")
    assert result.exit_code == 2 and "unknown category" in result.stderr


def test_same_file_twice_has_no_changes(revisions):
    result = diff(revisions[0], revisions[0])
    assert result.exit_code == 0 and "No changes in the claims' sourcing." in result.stdout


def test_text_report_groups_changes(revisions):
    text = diff(*revisions).stdout
    for heading in ("New weak claims (1):", "Claims that got weaker (2):", "Citations removed (1):",
                    "Flags added (1):"):
        assert heading in text


def test_pairing_of_two_2000_claim_revisions_is_right_within_its_budget(monkeypatch):
    """Near-linear pairing: similarity is measured at most CANDIDATES_PER_CLAIM times per claim, and every
    kept, reworded and moved claim still finds its original (timings: benchmarks/diff_pairing.py)."""
    import auditor.diff as diff_module
    from revision_edits import generated_revisions

    old, new, expected = generated_revisions(2000)
    budget, measured = 12 * len(old), []

    def counted(a: str, b: str) -> float:
        measured.append(1)
        if len(measured) > budget:
            raise AssertionError(f"more than {budget} similarity measurements for {len(old)} claims")
        return similarity(a, b)

    similarity = diff_module.similarity
    monkeypatch.setattr(diff_module, "similarity", counted)
    pairs = pair_claims(old, new)
    assert [(i, j) for i, j, _ in pairs] == expected
    assert sorted(moved(pairs)) and len(moved(pairs)) < 100
